/** The author order is recoverable with SPARQL alone, run by Comunica over the converted graph. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { QueryEngine } from '@comunica/query-sparql-rdfjs';
import { BindingsFactory } from '@comunica/utils-bindings-factory';
import { Store, DataFactory } from 'n3';
import { ROOT, convertSeed } from '../helpers.js';

describe('queries/authors-of-work.rq', () => {
  it('lists the seed authors in their order, from the role chain', async () => {
    const c = convertSeed();
    const store = new Store(c.quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object)));
    const query = readFileSync(`${ROOT}queries/authors-of-work.rq`, 'utf8');
    // ?work is bound as an RDF term, as stored queries are run: never pasted into the text.
    const initialBindings = new BindingsFactory(DataFactory).bindings([[DataFactory.variable('work'), DataFactory.namedNode(c.iris.work)]]);
    const bindings = await new QueryEngine().queryBindings(query, { sources: [store], initialBindings });
    const rows = await bindings.toArray();
    expect(rows.map((b) => Number(b.get('position')!.value))).toEqual([...Array(20).keys()].map((i) => i + 1));
    expect(rows.map((b) => `${b.get('familyName')!.value}, ${b.get('givenName')!.value}`)).toEqual(
      c.work.authors.map((a) => `${a.family}, ${a.given}`),
    );
    expect(rows[0]!.get('familyName')!.value).toBe('Gillard');
    expect(rows[19]!.get('familyName')!.value).toBe('Worner');
    // Triples without graphs name no record: one list, unlabelled.
    expect(rows.filter((b) => b.has('record'))).toEqual([]);
  });
});
