// Encrypted DMs as a person sees them in the app (issue 13): each DM row says
// how it was read (a lock; "Not end-to-end encrypted"; "Could not decrypt…"),
// DM text goes out only encrypted (refused with the draft kept when nobody
// can read it), device notices appear in the DM, the "Safety code" dialog
// marks the DM verified, and after a change sending waits for "Send anyway".
// The crypto service is a stand-in (fake-dm-service.ts).
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ConversationPane } from '../../../src-renderer/conversation/ConversationPane.js';
import { DmSendError, type DmReading } from '../../../src-shared/e2e/dm-session.js';
import { E2E_PEER_DEVICE_WAIT_MS } from '../../../src-shared/limits.js';
import { message, messageEvent } from '../helpers/fixtures.js';
import { renderWithServices, signedInServices } from '../helpers/render-app.js';
import { CODE, FakeDmService } from './fake-dm-service.js';

const DM = 'dm:1:2';
const envelope = (text: string) => JSON.stringify({ t: text });

/** `readings`: forced per seq before anything is read (history pages are read in parallel, at once). */
async function setUp(history: ReturnType<typeof message>[] = [], readings: Array<[number, DmReading]> = []) {
  let dm!: FakeDmService;
  const services = await signedInServices({
    configure: (client) => {
      client.handlers.history = ({ conv }) => ({ conv, messages: conv === DM ? history : [], hasMore: false, hasNewer: false });
    },
    createDms: (client) => {
      dm = new FakeDmService(client);
      for (const [seq, reading] of readings) dm.readings.set(seq, reading);
      return dm;
    },
  });
  act(() => services.session.openConversation(DM));
  const view = renderWithServices(<ConversationPane conv={DM} drawerOpen={false} onToggleDrawer={() => {}} />, services);
  return { services, dm, ...view };
}

/** Bob goes offline and comes back (so he has just come online), and no device of his is listed yet. */
async function setUpBobJustOnline() {
  const view = await setUp();
  const bob = view.services.store.getState().users[2]!;
  act(() => view.services.client.fire('presence', { ...bob, online: false }, false));
  act(() => view.services.client.fire('presence', { ...bob, online: true }, true));
  view.dm.sendError = new DmSendError('no_devices', 'no device');
  return view;
}

/** …and I send `text` to him. */
async function sendToBobJustOnline(text: string) {
  const view = await setUpBobJustOnline();
  const box = screen.getByRole('textbox', { name: 'Message' });
  await view.user.type(box, `${text}{Enter}`);
  return { ...view, box };
}

describe('encrypted DMs in the conversation view', () => {
  it('marks each DM: a lock when encrypted, a label when not, the reason in place of text it could not read', async () => {
    const { services } = await setUp(
      [
        message({ seq: 501, conv: DM, from: 2, fromName: 'Bob', text: '', e2e: envelope('the secret plan') }),
        message({ seq: 502, conv: DM, from: 2, fromName: 'Bob', text: 'from the old days' }),
        message({ seq: 503, conv: DM, from: 2, fromName: 'Bob', text: '', e2e: envelope('never shown') }),
      ],
      [[503, { kind: 'failed', code: 'decrypt_failed', reason: 'it was changed on the way.' }]],
    );
    await act(() => services.session.history.load(DM, false));
    const secret = await screen.findByText('the secret plan');
    // findBy: the list shows its rows once measured (hidden until then).
    expect(await within(secret.closest('.message')! as HTMLElement).findByRole('img', { name: 'End-to-end encrypted' })).toBeInTheDocument();
    const old = screen.getByText('from the old days');
    expect(within(old.closest('.message')! as HTMLElement).getByText('Not end-to-end encrypted')).toBeInTheDocument();
    expect(within(old.closest('.message')! as HTMLElement).queryByRole('img', { name: 'End-to-end encrypted' })).toBeNull();
    expect(screen.getByText('Could not decrypt this message: it was changed on the way.')).toBeInTheDocument();
    expect(screen.queryByText('never shown')).toBeNull();
  });

  it('decrypts live DMs, and sends mine encrypted: the client never gets the text', async () => {
    const { services, user } = await setUp();
    act(() => services.client.fire('event', messageEvent(message({ seq: 600, conv: DM, from: 2, fromName: 'Bob', text: '', e2e: envelope('live and private') })), { replay: false }));
    expect(await screen.findByText('live and private')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'my reply{Enter}');
    await waitFor(() => expect(services.client.sent).toHaveLength(1));
    expect(services.client.sent[0]!.text).toBe('');
    expect(JSON.parse(services.client.sent[0]!.e2e!)).toEqual({ t: 'my reply' });
    expect(await screen.findByText('my reply')).toBeInTheDocument(); // the pending row shows what I wrote
  });

  it('refuses a DM nobody can read yet: says why and keeps the draft', async () => {
    const { services, dm, user } = await setUp();
    dm.sendError = new DmSendError('no_devices', 'no device');
    const box = screen.getByRole('textbox', { name: 'Message' });
    await user.type(box, 'are you there?{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('Bob has no device that can read encrypted messages yet');
    await waitFor(() => expect(box).toHaveValue('are you there?'));
    expect(services.client.sent).toHaveLength(0);
    expect(dm.deviceWaits).toHaveLength(0); // Bob was online before I signed in: no waiting for his device
  });

  it('a DM to someone who has just come online waits for their device key, then goes', async () => {
    const { services, dm, box } = await sendToBobJustOnline('welcome back');
    expect(await screen.findByRole('alert')).toHaveTextContent("Waiting for Bob's app to finish signing in");
    await waitFor(() => expect(dm.deviceWaits).toEqual([expect.objectContaining({ userId: 2, ms: E2E_PEER_DEVICE_WAIT_MS })]));
    expect(services.client.sent).toHaveLength(0);
    // His page publishes its key: the message goes, the notice goes away.
    dm.sendError = null;
    act(() => dm.listDevices(2));
    await waitFor(() => expect(services.client.sent).toHaveLength(1));
    expect(JSON.parse(services.client.sent[0]!.e2e!)).toEqual({ t: 'welcome back' });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    await waitFor(() => expect(box).toHaveValue(''));
  });

  it('a DM to someone just online whose device never comes is refused after the wait, the draft kept', async () => {
    const { services, dm, box } = await sendToBobJustOnline('anyone?');
    await waitFor(() => expect(dm.deviceWaits).toHaveLength(1));
    act(() => dm.deviceWaits.splice(0)[0]!.resolve(false)); // the wait runs out
    expect(await screen.findByText(/Bob has no device that can read encrypted messages yet/)).toBeInTheDocument();
    expect(box).toHaveValue('anyone?');
    expect(services.client.sent).toHaveLength(0);
  });

  it('a file to someone who has just come online waits for their device key too, then is encrypted for them', async () => {
    const view = await setUpBobJustOnline();
    let prepared: Awaited<ReturnType<typeof view.services.session.dms.prepareFile>> | undefined;
    const preparing = view.services.session.dms.prepareFile(DM, 'f-welcome', { name: 'welcome.pdf', size: 1000, type: 'application/pdf' }).then((p) => (prepared = p));
    expect(await screen.findByRole('alert')).toHaveTextContent("Waiting for Bob's app to finish signing in");
    await waitFor(() => expect(view.dm.deviceWaits).toEqual([expect.objectContaining({ userId: 2, ms: E2E_PEER_DEVICE_WAIT_MS })]));
    expect(prepared).toBeUndefined();
    view.dm.sendError = null;
    act(() => view.dm.listDevices(2));
    await act(() => preparing);
    expect(JSON.parse(prepared!.begin.e2e)).toEqual({ f: expect.objectContaining({ name: 'welcome.pdf', size: 1000 }) });
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('shows device notices as lines in the DM', async () => {
    const { dm } = await setUp();
    act(() => dm.notify({ userId: 2, mine: false, added: 0, removed: 0, keyChanged: 1, mustConfirm: false }));
    act(() => dm.notify({ userId: 2, mine: false, added: 1, removed: 0, keyChanged: 0, mustConfirm: false }));
    expect(await screen.findByText("Bob's device key changed — compare the safety code.")).toBeInTheDocument();
    expect(screen.getByText('Bob has a new device.')).toBeInTheDocument();
  });

  it('"Safety code" shows the digits and QR code; "Mark as verified" puts "Verified" in the header', async () => {
    const { dm, user } = await setUp();
    expect(screen.queryByText('Verified')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Safety code' }));
    const dialog = await screen.findByRole('dialog', { name: 'Safety code with Bob' });
    expect(await within(dialog).findByLabelText(`Safety code: ${CODE.groups.join(' ')}`)).toBeInTheDocument();
    expect(within(dialog).getByRole('img', { name: /QR code/ })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Mark as verified' }));
    expect(await within(dialog).findByRole('status')).toHaveTextContent('Verified');
    expect(within(dialog).getByRole('button', { name: 'Done' })).toHaveFocus();
    expect(dm.verifiedWith).toEqual([CODE.digits]);
    await user.click(within(dialog).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByText('Verified')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Safety code' })).toHaveFocus();
  });

  it('after a change in a verified DM, sending waits: "Send anyway" confirms and sends, "Compare safety code" opens the code', async () => {
    const { services, dm, user } = await setUp();
    // They were verified; their devices changed since, so the code no longer matches what was verified.
    dm.verified = false;
    dm.waits = true;
    act(() => dm.notify({ userId: 2, mine: false, added: 1, removed: 0, keyChanged: 0, mustConfirm: true }));
    const banner = await screen.findByRole('alert');
    expect(banner).toHaveTextContent("Bob’s devices changed after you verified the safety code");
    await user.type(screen.getByRole('textbox', { name: 'Message' }), 'hold on{Enter}');
    await waitFor(() => expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('hold on'));
    expect(services.client.sent).toHaveLength(0);

    await user.click(within(banner).getByRole('button', { name: 'Compare safety code' }));
    expect(await screen.findByRole('dialog', { name: 'Safety code with Bob' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Not now' }));

    await user.click(within(screen.getByRole('alert')).getByRole('button', { name: 'Send anyway' }));
    await waitFor(() => expect(services.client.sent).toHaveLength(1));
    expect(dm.confirmed).toBe(1);
    expect(JSON.parse(services.client.sent[0]!.e2e!)).toEqual({ t: 'hold on' });
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveFocus();
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('an encrypted file with its caption inside is one message: the real name and the caption in the same row; search finds the caption', async () => {
    const sealed = { id: 'Enc1', name: 'encrypted file', size: 1017, type: 'application/octet-stream', sha256: 'a'.repeat(64), thumbnail: null, expiresAt: null };
    const inside = { name: 'harbour-map.pdf', type: 'application/pdf', size: 1000, key: 'k'.repeat(43), caption: 'where the boat is moored' };
    const { services } = await setUp([message({ seq: 710, conv: DM, from: 2, fromName: 'Bob', kind: 'file', text: '', clientMsgId: 'f-cap', file: sealed, e2e: JSON.stringify({ f: inside }) })]);
    services.client.handlers.search = () => ({ hits: [], hasMore: false });
    await act(() => services.session.history.load(DM, false));
    const caption = await screen.findByText('where the boat is moored');
    const row = caption.closest('.message')! as HTMLElement;
    expect(within(row).getByText('harbour-map.pdf')).toBeInTheDocument();
    expect(await within(row).findByRole('img', { name: 'End-to-end encrypted' })).toBeInTheDocument();
    expect(screen.getAllByText('where the boat is moored')).toHaveLength(1);
    await act(() => services.session.search.run('moored'));
    expect(services.store.getState().search!.hits.map((h) => [h.message.seq, h.local])).toEqual([[710, true]]);
  });

  it('editing the caption of my encrypted file sends a new file payload (same key and name, new caption): the file stays readable', async () => {
    const sealed = { id: 'Enc2', name: 'encrypted file', size: 1017, type: 'application/octet-stream', sha256: 'b'.repeat(64), thumbnail: null, expiresAt: null };
    const inside = { name: 'budget.xlsx', type: 'application/vnd.ms-excel', size: 1000, key: 'q'.repeat(43), caption: 'first numbers' };
    const mine = message({ seq: 720, conv: DM, from: 1, fromName: 'alice', kind: 'file', text: '', clientMsgId: 'f-mine', file: sealed, e2e: JSON.stringify({ f: inside }) });
    const { services } = await setUp([mine]);
    services.client.handlers['message.edit'] = ({ e2e }) => ({ message: { ...mine, e2e: e2e!, editedAt: Date.now() } });
    await act(() => services.session.history.load(DM, false));
    await screen.findByText('first numbers');
    await act(() => services.session.messages.edit(720, 'final numbers'));
    const sent = services.client.requests.find((r) => r.type === 'message.edit')!.params as { text: string; e2e: string };
    expect(sent.text).toBe('');
    expect(JSON.parse(sent.e2e)).toEqual({ f: { key: 'q'.repeat(43), name: 'budget.xlsx', type: 'application/vnd.ms-excel', size: 1000, caption: 'final numbers' } });
    const row = (await screen.findByText('final numbers')).closest('.message')! as HTMLElement;
    expect(within(row).getByText('budget.xlsx')).toBeInTheDocument();
    expect(screen.queryByText('first numbers')).toBeNull();
  });

  it('search finds decrypted DMs on this device and says so', async () => {
    const { services } = await setUp([message({ seq: 700, conv: DM, from: 2, fromName: 'Bob', text: '', e2e: envelope('the launch code is tulip') })]);
    services.client.handlers.search = () => ({ hits: [], hasMore: false });
    await act(() => services.session.history.load(DM, false));
    await act(() => services.session.search.run('tulip'));
    const hits = services.store.getState().search!.hits;
    expect(hits.map((h) => [h.message.seq, h.message.text, h.local])).toEqual([[700, 'the launch code is tulip', true]]);
  });
});
