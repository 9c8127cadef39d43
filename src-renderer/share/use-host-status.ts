// The desktop's own session host, live (null where the platform cannot host).
import { useEffect, useState } from 'react';
import type { HostStatus } from '../../src-shared/ipc/ipc-contract.js';
import { usePlatform } from '../app/app-services.js';

export function useHostStatus(): HostStatus | null {
  const { hosting } = usePlatform();
  const [status, setStatus] = useState<HostStatus | null>(null);
  useEffect(() => {
    if (!hosting) return;
    let live = true;
    const unsubscribe = hosting.subscribe((next) => live && setStatus(next));
    hosting.status().then(
      (next) => live && setStatus(next),
      () => {},
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [hosting]);
  return status;
}
