// setTimeout, setInterval, clearTimeout, clearInterval (HTML §8.6) and
// queueMicrotask. Deadlines are kept by Go (host.timerStart), which calls
// internal.timerCallback(id) on the loop goroutine, one task per timer, in
// (deadline, creation) order.

const { exposeFunction, requireArgs, toLong } = internal;
const ReflectApply = Reflect.apply;

const timers = new Map(); // id → { handler, args, repeat, timeout, nesting }
let nextId = 0;
let nextInternalId = 0;
let currentNesting = 0;

function initTimer(handler, timeout, args, repeat, what) {
  if (typeof handler !== 'function') {
    if (typeof handler === 'string') {
      // Code from strings is refused in the Edge Runtime (SPEC R-RT-3).
      throw new EvalError('Code generation from strings disallowed for this context');
    }
    throw new TypeError(`Failed to execute '${what}': parameter 1 is not of type 'Function'.`);
  }
  timeout = toLong(timeout);
  if (timeout < 0) timeout = 0;
  const nesting = currentNesting;
  if (nesting > 5 && timeout < 4) timeout = 4;
  const id = ++nextId;
  timers.set(id, { handler, args, repeat, timeout, nesting: nesting + 1 });
  host.timerStart(id, timeout, true);
  return id;
}

internal.timerCallback = (id) => {
  const t = timers.get(id);
  if (t === undefined) return;
  if (!t.repeat) timers.delete(id);
  const prev = currentNesting;
  currentNesting = t.nesting;
  try {
    ReflectApply(t.handler, global, t.args);
  } catch (e) {
    internal.reportError(e);
  } finally {
    currentNesting = prev;
  }
  if (t.repeat && timers.get(id) === t) {
    let timeout = t.timeout;
    if (t.nesting > 5 && timeout < 4) timeout = 4;
    t.nesting++;
    host.timerStart(id, timeout, true);
  }
};

// setInternalTimer runs fn after ms without keeping the loop alive
// (AbortSignal.timeout). Internal timers use negative ids.
internal.setInternalTimer = (fn, ms) => {
  const id = --nextInternalId;
  timers.set(id, { handler: fn, args: [], repeat: false, timeout: ms, nesting: 0 });
  host.timerStart(id, ms, false);
  return id;
};

function clearTimer(id) {
  id = toLong(id);
  if (id > 0 && timers.delete(id)) host.timerClear(id);
}

function setTimeout(handler, timeout = 0, ...args) {
  requireArgs(arguments.length, 1, "Failed to execute 'setTimeout'");
  return initTimer(handler, timeout, args, false, 'setTimeout');
}
function setInterval(handler, timeout = 0, ...args) {
  requireArgs(arguments.length, 1, "Failed to execute 'setInterval'");
  return initTimer(handler, timeout, args, true, 'setInterval');
}
function clearTimeout(id = 0) {
  clearTimer(id);
}
function clearInterval(id = 0) {
  clearTimer(id);
}
function queueMicrotask(callback) {
  requireArgs(arguments.length, 1, "Failed to execute 'queueMicrotask'");
  if (typeof callback !== 'function') {
    throw new TypeError("Failed to execute 'queueMicrotask': parameter 1 is not of type 'Function'.");
  }
  internal.PromiseThen(internal.PromiseResolve(undefined), () => {
    try {
      callback();
    } catch (e) {
      internal.reportError(e);
    }
  });
}

exposeFunction('setTimeout', setTimeout);
exposeFunction('setInterval', setInterval);
exposeFunction('clearTimeout', clearTimeout);
exposeFunction('clearInterval', clearInterval);
exposeFunction('queueMicrotask', queueMicrotask);
