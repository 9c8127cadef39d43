// A message's text: always text, never HTML (React escapes it; there is no
// dangerouslySetInnerHTML anywhere). URLs and e-mail addresses become links
// through linkify-react; white space and newlines are kept by CSS (pre-wrap).
import Linkify from 'linkify-react';
import type { Opts } from 'linkifyjs';
import { ExternalLink } from '../common/ExternalLink.js';

const options: Opts = {
  defaultProtocol: 'http', // LAN addresses are rarely https
  render: ({ attributes, content }) => <ExternalLink href={String(attributes.href)}>{content}</ExternalLink>,
};

export function MessageText({ text }: { text: string }) {
  return (
    <div className="message__text">
      <Linkify options={options}>{text}</Linkify>
    </div>
  );
}
