// Keyboard commands that cross components (Ctrl/Cmd+Enter pressed in the
// editor sends the request built in the client pane, and so on).

export type Command = 'send' | 'save';

const handlers = new Map<Command, Set<() => void>>();

/** Registers a handler for a command; returns the unregister function. */
export function onCommand(cmd: Command, fn: () => void): () => void {
  let set = handlers.get(cmd);
  if (!set) {
    set = new Set();
    handlers.set(cmd, set);
  }
  set.add(fn);
  return () => {
    set.delete(fn);
  };
}

export function runCommand(cmd: Command): void {
  for (const fn of handlers.get(cmd) ?? []) fn();
}

/** True for Ctrl+<key> (Cmd+<key> on macOS) with no Alt. */
export function isModKey(e: KeyboardEvent, key: string): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === key.toLowerCase();
}
