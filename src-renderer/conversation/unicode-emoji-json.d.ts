// unicode-emoji-json ships JSON without types for its files.
declare module 'unicode-emoji-json/data-by-emoji.json' {
  const data: Record<string, { name: string; slug: string; group: string; emoji_version: string; unicode_version: string; skin_tone_support: boolean }>;
  export default data;
}
