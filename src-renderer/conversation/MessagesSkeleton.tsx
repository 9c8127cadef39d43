// While a conversation's first page of history is on its way: grey message
// shapes where the messages will be (at the bottom, as the list opens there)
// and a "Loading messages…" status for screen readers, instead of a blank
// area. Still, no shimmer: calm for the fraction of a second it is usually up.

/** Line widths (% of the text column) of the placeholder messages, oldest first. */
const SHAPES: ReadonlyArray<readonly number[]> = [[62], [38, 71], [54], [80, 45], [33]];

export function MessagesSkeleton() {
  return (
    <div className="messages-skeleton">
      <p className="visually-hidden" role="status">
        Loading messages…
      </p>
      <div className="messages-skeleton__rows" aria-hidden="true" data-testid="messages-skeleton">
        {SHAPES.map((lines, i) => (
          <div key={i} className="messages-skeleton__row">
            <span className="messages-skeleton__avatar" />
            <div className="messages-skeleton__body">
              <span className="messages-skeleton__name" />
              {lines.map((width, j) => (
                <span key={j} className="messages-skeleton__line" style={{ width: `${width}%` }} />
              ))}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
