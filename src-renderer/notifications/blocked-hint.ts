// One sentence on how to allow notifications again once this browser blocked
// them for the page: browsers never ask twice, only their site settings can undo it.
export function blockedHint(userAgent: string): string {
  if (/Firefox\//.test(userAgent)) return 'In Firefox: click the icon left of the address, clear “Blocked” next to Send Notifications, then reload this page.';
  if (/Edg\//.test(userAgent)) return 'In Edge: click the icon left of the address, set Notifications to Allow, then reload this page.';
  if (/Chrome\/|Chromium\//.test(userAgent)) return 'In Chrome: click the icon left of the address, open Site settings, set Notifications to Allow, then reload this page.';
  if (/Safari\//.test(userAgent)) return 'In Safari: open Safari › Settings › Websites › Notifications, set this site to Allow, then reload this page.';
  return 'Open this browser’s site settings for this page, set Notifications to Allow, then reload it.';
}
