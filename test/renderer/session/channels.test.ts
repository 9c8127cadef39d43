import { describe, expect, it } from 'vitest';
import { signedInServices } from '../helpers/render-app.js';

describe('Channels', () => {
  describe('#create, #leave', () => {
    it('refuses a bad channel name before asking the host', async () => {
      const services = await signedInServices();
      await expect(services.session.channels.create('#', '')).rejects.toMatchObject({ code: 'channel_name_invalid', field: 'name' });
      expect(services.client.requests.some((r) => r.type === 'channel.create')).toBe(false);
    });

    it('creates a channel with the cleaned name and opens it', async () => {
      const services = await signedInServices();
      services.client.handlers['channel.create'] = ({ name, topic }) => ({ channel: { id: 5, name, topic: topic ?? '', createdBy: 1, memberCount: 1, joined: true } });
      await services.session.channels.create('Design Team', ' pixels ');
      expect(services.client.requests.find((r) => r.type === 'channel.create')!.params).toEqual({ name: 'design-team', topic: 'pixels' });
      expect(services.store.getState().active).toBe('ch:5');
    });

    it('leaves a channel and goes back to #general', async () => {
      const services = await signedInServices();
      services.client.handlers['channel.leave'] = ({ channelId }) => ({ channelId });
      services.session.openConversation('ch:2');
      await services.session.channels.leave(2);
      expect(services.store.getState().channels[2]!.joined).toBe(false);
      expect(services.store.getState().active).toBe('ch:1');
    });
  });
});
