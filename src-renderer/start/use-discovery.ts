// Sessions found on the LAN, live (desktop only).
import { useEffect, useState } from 'react';
import type { DiscoveryStatus } from '../../src-shared/ipc/ipc-contract.js';
import type { DiscoveryFeature } from '../platform/platform.js';

export function useDiscovery(discovery: DiscoveryFeature | null): { status: DiscoveryStatus | null; error: string | null } {
  const [status, setStatus] = useState<DiscoveryStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!discovery) return;
    let live = true;
    const unsubscribe = discovery.subscribe((next) => {
      if (live) setStatus(next);
    });
    discovery.status().then(
      (next) => live && setStatus(next),
      (problem: unknown) => live && setError(problem instanceof Error ? problem.message : String(problem)),
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [discovery]);
  return { status, error };
}
