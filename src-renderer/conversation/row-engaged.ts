// Whether a row of the message list has been pointed at or focused, so that
// it mounts its action toolbar (MessageActions). Every message used to mount
// its 3–5 buttons and icons up front, hidden until hover or focus: about half
// of a row's elements, and an opacity layer each, created and painted for
// every row scrolled past (bench/renderer/README.md). Like Slack's, the
// toolbar now appears when the pointer enters the row or focus enters it
// (arrow keys to the message, then Enter into its actions, work as before),
// and stays until the row leaves the rendered rows, so an open picker or
// confirmation is never unmounted under the person using it.
// Outside the list (the thread panel: at most a page of replies) there is no
// provider and the default, true, mounts the toolbar as before.
import { createContext, useContext } from 'react';

export const RowEngagedContext = createContext(true);

export const useRowEngaged = () => useContext(RowEngagedContext);
