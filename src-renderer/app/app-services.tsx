// What every component reaches through context: the store, the chat session
// service (which owns the ChatClient) and the platform. Tests provide their own.
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { Platform } from '../platform/platform.js';
import type { ChatSession } from '../session/chat-session.js';
import type { AppState, AppStore } from '../store/app-store.js';

export interface AppServices {
  store: AppStore;
  session: ChatSession;
  platform: Platform;
}

const ServicesContext = createContext<AppServices | null>(null);

export function AppServicesProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('AppServicesProvider is missing above this component.');
  return services;
}

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useServices().store, selector);
}

export const useChatSession = (): ChatSession => useServices().session;
export const usePlatform = (): Platform => useServices().platform;
export const useStoreApi = (): AppStore => useServices().store;
