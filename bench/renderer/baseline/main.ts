// The baseline of bench/renderer: the same rows as the Parley renderer's #big
// (author, time, the same texts from texts.ts) as plain text in a bare
// react-virtuoso list, with nothing else — no Markdown, store, roving focus,
// actions or avatars. The bench measures it exactly as it measures Parley, so a
// slower or busier machine moves both figures. `?total=N` sets the number of
// messages; "big" in the navigation opens the list at the newest.
import { createElement as h, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { Virtuoso } from 'react-virtuoso';
import { messageText } from '../texts.js';

const total = Number(new URLSearchParams(location.search).get('total') ?? 100_000);
const start = Date.now() - total * 30_000;
const rows = Array.from({ length: total }, (_, i) => ({ seq: i + 1, ts: start + (i + 1) * 30_000, text: messageText(i + 1) }));
const time = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });

function Row({ seq, ts, text }: (typeof rows)[number]) {
  return h('div', { className: 'row', 'data-seq': seq }, h('b', null, 'Writer'), h('span', null, time.format(ts)), h('div', null, text));
}

function App() {
  const [open, setOpen] = useState(false);
  return h(
    'div',
    { style: { display: 'contents' } },
    h('nav', { 'aria-label': 'Conversations' }, h('button', { type: 'button', onClick: () => setOpen(true) }, '# big')),
    h(
      'main',
      null,
      open &&
        h(
          'div',
          { className: 'list', role: 'log', 'aria-label': 'Messages in #big' },
          h(Virtuoso<(typeof rows)[number]>, {
          style: { height: '100%' },
          data: rows,
          initialTopMostItemIndex: { index: 'LAST', align: 'end' },
          alignToBottom: true,
          computeItemKey: (_i: number, row: (typeof rows)[number]) => row.seq,
          increaseViewportBy: { top: 400, bottom: 200 },
          itemContent: (_i: number, row: (typeof rows)[number]) => h(Row, row),
          }),
        ),
    ),
  );
}

createRoot(document.getElementById('root')!).render(h(App));
