import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { load } from '../node/load.js';
import { checkFile, type CheckedFile, type CheckOptions, type CheckRendering, type ParallelCheck } from './commands/check.js';
import { readCatalogs } from './shared.js';

/** What a worker thread is started with: where to answer, and how to check. */
export interface CheckWorkerData {
  readonly port: MessagePort;
  /** A counter the worker bumps (and notifies) after each answer, so that the main thread can sleep until one comes. */
  readonly signal: SharedArrayBuffer;
  readonly options: CheckOptions;
  readonly rendering: CheckRendering;
}

type Answer = { readonly index: number; readonly result: CheckedFile } | { readonly index: number; readonly error: string };

/**
 * Checks models on worker threads started from `script` (the CLI bundle, which turns into a worker
 * when started with `aitmCheck` data), `jobs` at a time. The command stays synchronous: the main
 * thread sleeps on a shared counter and takes answers with `receiveMessageOnPort`, handing each
 * worker its next file as it answers. Results come back in the order of `files`. A file a worker
 * could not check (it failed, which is a bug) is checked here instead.
 */
export function parallelCheck(script: URL): ParallelCheck {
  return (files, options, rendering, jobs) => {
    const signal = new SharedArrayBuffer(4);
    const counter = new Int32Array(signal);
    const workers = Array.from({ length: jobs }, () => {
      const { port1, port2 } = new MessageChannel();
      const data: CheckWorkerData = { port: port2, signal, options, rendering };
      const worker = new Worker(script, { workerData: { aitmCheck: data }, transferList: [port2], stdout: true, stderr: true });
      return { worker, port: port1 };
    });
    const results = new Array<CheckedFile | undefined>(files.length);
    let next = 0;
    let answered = 0;
    const assign = (port: MessagePort) => {
      if (next < files.length) port.postMessage({ index: next, file: files[next++] });
    };
    for (const { port } of workers) assign(port);
    try {
      while (answered < files.length) {
        const seen = Atomics.load(counter, 0);
        let any = false;
        for (const { port } of workers) {
          for (let message = receiveMessageOnPort(port); message; message = receiveMessageOnPort(port)) {
            const answer = message.message as Answer;
            if ('result' in answer) results[answer.index] = answer.result;
            answered++;
            any = true;
            assign(port);
          }
        }
        // A worker that died answers nothing: waiting is bounded, and what is left is checked here.
        if (!any && Atomics.wait(counter, 0, seen, 60_000) === 'timed-out') break;
      }
    } finally {
      for (const { worker, port } of workers) {
        port.close();
        void worker.terminate();
      }
    }
    const catalog = results.includes(undefined) ? readCatalogs(options.catalogs).loaded : undefined;
    return files.map((file, index) => results[index] ?? checkFile(file, load(file), catalog!, options, rendering));
  };
}

/** The worker's side: check each file it is handed, answer, bump the counter. */
export function serveChecks(data: CheckWorkerData): void {
  const counter = new Int32Array(data.signal);
  // One catalog per worker, loaded once for all its files.
  const catalog = readCatalogs(data.options.catalogs).loaded;
  data.port.on('message', ({ index, file }: { index: number; file: string }) => {
    let answer: Answer;
    try {
      answer = { index, result: checkFile(file, load(file), catalog, data.options, data.rendering) };
    } catch (error) {
      answer = { index, error: String(error) };
    }
    data.port.postMessage(answer);
    Atomics.add(counter, 0, 1);
    Atomics.notify(counter, 0);
  });
}
