/**
 * Slots of the Int32Array over a SharedArrayBuffer through which the event log's encoder
 * (io/event-log-encoder.ts) signals its writer, whose run never yields to an event loop and so
 * cannot hear the Worker's own events: replies posted (the writer waits on this slot), buffers
 * written (a heartbeat), and 1 once the encoder's thread is ending.
 */
export const SIGNAL = { replies: 0, beats: 1, exited: 2, length: 3 } as const;
