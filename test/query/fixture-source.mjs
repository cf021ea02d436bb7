/**
 * A source module for WorkerPool tests: `openSource({ nquads })` loads an n3 Store and serves it as
 * a MergedSource (the built one, dist/store/merged-source.js: worker threads run plain JavaScript).
 * `applyUpdate(source, { add })` adds N-Quads; `{ fail: 'why' }` in init makes opening fail.
 */
import { Parser, Store } from 'n3';
import { MergedSource } from '../../dist/store/merged-source.js';

const parse = (text) => new Parser({ format: 'application/n-quads' }).parse(text);

export async function openSource(init) {
  if (init?.fail) throw new Error(init.fail);
  const store = new Store();
  store.addQuads(parse(init?.nquads ?? ''));
  return new MergedSource(store);
}

export function applyUpdate(source, message) {
  if (message?.add) source.store.addQuads(parse(message.add));
  if (message?.fail) throw new Error(message.fail);
}
