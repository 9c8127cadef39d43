// A QR code drawn as SVG elements from qrcode's module matrix: no HTML
// strings, no data: URLs, nothing for a CSP to object to. Always dark on
// white with a quiet zone, the way phone cameras read them best.
import QRCode from 'qrcode';
import { useMemo } from 'react';

const QUIET_ZONE = 4;

export function qrPath(text: string): { path: string; size: number } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = modules.size;
  let path = '';
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      if (modules.data[row * n + col]) path += `M${col + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`;
    }
  }
  return { path, size: n + QUIET_ZONE * 2 };
}

export function QrCode({ text, size = 176 }: { text: string; size?: number }) {
  const { path, size: modules } = useMemo(() => qrPath(text), [text]);
  return (
    <svg className="qr-code" role="img" aria-label={`QR code for ${text}`} viewBox={`0 0 ${modules} ${modules}`} width={size} height={size} shapeRendering="crispEdges">
      <rect width={modules} height={modules} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
