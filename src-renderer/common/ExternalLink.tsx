// A link out of the app. In a browser a plain target=_blank anchor does it;
// the desktop app denies new windows, so there the click goes to the platform
// (shell:open-external, which only opens http(s) and mailto).
import type { MouseEvent, ReactNode } from 'react';
import { usePlatform } from '../app/app-services.js';

const SAFE_SCHEME = /^(?:https?:|mailto:)/i;

export function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  const platform = usePlatform();
  if (!SAFE_SCHEME.test(href)) return <>{children}</>;
  const onClick = platform.opensLinksItself
    ? (event: MouseEvent<HTMLAnchorElement>) => {
        event.preventDefault();
        platform.openExternal(href);
      }
    : undefined;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer" onClick={onClick}>
      {children}
    </a>
  );
}
