// In place of the composer in an archived channel: says it is read-only and
// that its messages stay readable and searchable.
export function ArchivedBanner({ channelName }: { channelName: string }) {
  return (
    <div className="archived-banner" role="status">
      <strong>#{channelName} is archived.</strong> It is read-only: you can still read and search it, but nobody can write here.
    </div>
  );
}
