#!/usr/bin/env node
/** catalod's command line: one sub-command per capability, options from the format table. */
import { Command, InvalidArgumentError, Option } from 'commander';
// Each command is imported when it runs: `convert` should not pay for loading the SPARQL engine.
import { FORMATS } from './writers/index.js';
import { DEFAULT_BASE } from './mapping/iris.js';
import { UserError } from './store/errors.js';
import { EX_PIPE, EX_USAGE, exitStatusHelp } from './commands/usage.js';

// A reader that stops early (`catalod convert … | head`) closes the pipe: stop quietly, as a Unix
// tool killed by SIGPIPE does (Node ignores the signal, so the write fails with EPIPE instead).
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EX_PIPE);
    throw error;
  });

/** `--jobs <n>`: worker threads converting records (default: the cores available; 1 converts in the main thread). */
const jobsOption = () =>
  new Option('-j, --jobs <n>', 'worker threads converting records (default: one per core; 1 converts on the main thread)').env('CATALOD_JOBS').argParser(positiveInteger);

/** A whole number ≥ 1, or commander's one-line error. */
function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

/** The store options `serve` and `sync` share. */
const storeOptions = (command: Command, required: boolean) => {
  const store = new Option('--store <url>', 'the SPARQL store (its query endpoint)').env('CATALOD_STORE');
  if (required) store.makeOptionMandatory();
  return command
    .addOption(store)
    .addOption(new Option('--store-update <url>', "the store's SPARQL Update endpoint (default: --store)").env('CATALOD_STORE_UPDATE'))
    .addOption(new Option('--store-user <name>', "user for the store's endpoints (HTTP Digest or Basic, as the store asks)").env('CATALOD_STORE_USER'))
    .addOption(new Option('--store-password <password>', 'its password (prefer CATALOD_STORE_PASSWORD: arguments show in `ps`)').env('CATALOD_STORE_PASSWORD'))
    .addOption(new Option('--store-dialect <name>', 'what the store needs beyond the standard (default: told by its Server header)').choices(['virtuoso', 'standard']).env('CATALOD_STORE_DIALECT'));
};

const program = new Command('catalod')
  .description('VuFind catalogue records of scholarly articles as linked data (schema.org, Dublin Core, FaBiO)')
  .showHelpAfterError()
  // Commander exits 1 on a usage error, the status of "some records skipped": give it its own (set before the sub-commands, which inherit it).
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : EX_USAGE))
  .addHelpText('after', exitStatusHelp('0 success, 1 some records skipped (or a query failed), 2 an input held no record at all; see each command', true));

program
  .command('convert')
  .description('convert record pages or Solr JSON to RDF; several records per file; `-` reads stdin')
  .argument('[files...]', 'input files (record page text or Solr JSON); none or `-` reads stdin')
  .addOption(new Option('-t, --to <format>', 'output format').choices(FORMATS.map((f) => f.name)).default('nquads'))
  .addOption(new Option('-b, --base <iri>', 'base IRI for every minted IRI').env('CATALOD_BASE').default(DEFAULT_BASE))
  .option('--orcid <file>', 'CSV (work,author,orcid) of trusted ORCID iDs to attach')
  .option('-o, --output <file>', 'write to a file instead of stdout')
  .option('--report', 'print to stderr what was found per record, from which field, and each warning')
  .addOption(jobsOption())
  .addHelpText('after', `\nFormats:\n${FORMATS.map((f) => `  ${f.name.padEnd(9)} ${f.description}`).join('\n')}\n${exitStatusHelp('0 all records converted, 1 some records skipped, 2 an input held no record at all', false)}`)
  .action(async (files: string[], options) => {
    const { convertCommand } = await import('./commands/convert.js');
    process.exitCode = await convertCommand(files, options);
  });

const env = process.env;
const dataOption = () => new Option('-d, --data <dir>', 'data folder (the record store)').env('CATALOD_DATA').default('./data');
/** `--base`: no default here, as the data folder remembers the base it was made with (src/commands/base.ts). */
const baseOption = (fallback = DEFAULT_BASE) =>
  new Option('-b, --base <iri>', `base IRI of every minted IRI (default: the one the data folder remembers; a new folder remembers the one given, else ${fallback})`).env('CATALOD_BASE');
const port = Number(env.CATALOD_PORT ?? 3000);

storeOptions(
  program
    .command('serve')
    .description('serve the records as Linked Data, JSON-LD and a SPARQL endpoint')
    .addOption(dataOption())
    .addOption(new Option('-p, --port <n>', 'port').env('CATALOD_PORT').default(port).argParser(Number))
    .addOption(new Option('-H, --host <addr>', 'address to listen on').env('CATALOD_HOST').default('127.0.0.1'))
    .addOption(baseOption('http://localhost:PORT/'))
    .addOption(new Option('--timeout <seconds>', 'query deadline').env('CATALOD_TIMEOUT').default(30).argParser(Number))
    .addOption(new Option('--token <token>', 'bearer token that allows POST/DELETE /records and /orcids (writes are off without one; prefer CATALOD_TOKEN: arguments show in `ps`)').env('CATALOD_TOKEN'))
    .addOption(new Option('--workers <n>', 'query worker threads kept ready').env('CATALOD_WORKERS').default(2).argParser(Number))
    .addOption(new Option('--drain <seconds>', 'on SIGTERM/SIGINT, how long requests in flight may take to finish before the server exits').env('CATALOD_DRAIN').default(10).argParser(Number))
    .addOption(new Option('--license <iri>', "the dataset's licence, shown on the home page and in VoID (default CC0 1.0; abstracts keep their articles' licences)").env('CATALOD_LICENSE'))
    .addOption(new Option('--max-query-bytes <n>', 'most bytes of SPARQL query text (413 past it; a POST body may be four times that)').env('CATALOD_MAX_QUERY_BYTES').default(262144).argParser(Number))
    .addOption(new Option('--max-query-depth <n>', 'most nested { ( [ brackets in a query (400 past it)').env('CATALOD_MAX_QUERY_DEPTH').default(64).argParser(Number))
    .addOption(jobsOption())
    .addOption(new Option('--per-client <n>', 'most SPARQL queries one client address runs at once (default: half of the at most max(4, workers) query workers)').env('CATALOD_PER_CLIENT').argParser(Number)),
  false,
)
  .option('--read-only', 'with --store: a read-only front (no data folder, no writes); any number of fronts serve one store')
  .addHelpText('after', exitStatusHelp('0 stopped by SIGTERM/SIGINT once the requests in flight finished, 1 could not start (said on stderr) or stopped by a second signal', true))
  .action(async (options) => {
    const host = options.host === '127.0.0.1' || options.host === '0.0.0.0' ? 'localhost' : options.host;
    const { serveCommand } = await import('./commands/serve.js');
    await serveCommand({ ...options, defaultBase: `http://${host}:${options.port}/` });
  });

program
  .command('load')
  .description('store records in a data folder offline (refused while a server runs on it: POST to /records instead)')
  .argument('[files...]', 'input files (record page text or Solr JSON); `-` reads stdin')
  .addOption(dataOption())
  .addOption(baseOption())
  .option('--orcid <file>', 'CSV (work,author,orcid) of trusted ORCID iDs to store with the records (the server applies it to every record)')
  .addOption(jobsOption())
  .addHelpText('after', exitStatusHelp('0 all records stored, 1 some records skipped, 2 an input held no record at all', true))
  .action(async (files: string[], options) => {
    const { loadCommand } = await import('./commands/load.js');
    process.exitCode = await loadCommand(files, options);
  });

program
  .command('query')
  .description('run one SPARQL query over a data folder and print the answer')
  .argument('<sparql>', 'the query text')
  .addOption(dataOption())
  .addOption(baseOption())
  .addOption(new Option('-t, --to <format>', 'output').choices(['table', 'json', 'csv']).default('table'))
  .addOption(new Option('--timeout <seconds>', 'query deadline').default(30).argParser(Number))
  .addHelpText('after', exitStatusHelp('0 answered, 1 the query failed or stopped at its deadline', true))
  .action(async (query: string, options) => {
    const { queryCommand } = await import('./commands/query.js');
    process.exitCode = await queryCommand(query, options);
  });

program
  .command('export')
  .description("write every stored record's graph as gzip N-Quads shards with a manifest, for bulk loaders (Virtuoso, QLever, Oxigraph, Neptune)")
  .addOption(dataOption())
  .requiredOption('--shards <dir>', 'folder to write catalod-00001.nq.gz, … and manifest.json to (created)')
  .addOption(new Option('--shard-size <n>', 'most records per shard').default(100_000).argParser(positiveInteger))
  .addOption(baseOption())
  .option('--force', 'replace an export already in the --shards folder')
  .addOption(jobsOption())
  .addHelpText('after', exitStatusHelp('0 all records exported, 1 some records skipped (listed in manifest.json)', true))
  .action(async (options) => {
    const { exportCommand } = await import('./commands/export.js');
    process.exitCode = await exportCommand({ ...options, base: await rememberedBase(options) });
  });

storeOptions(
  program
    .command('sync')
    .description('push the records of a data folder to a SPARQL store: those changed since the last sync, or --all')
    .addOption(dataOption())
    .addOption(baseOption())
    .option('--all', 'push every record (a new or emptied store), not only the changes since the last sync')
    .addOption(new Option('--batch <n>', 'records per update request').default(200).argParser(positiveInteger)),
  true,
)
  .addHelpText('after', exitStatusHelp('0 every record sent, 1 some records refused by the store or no longer convertible (named on stderr)', true))
  .action(async (options) => {
    const { syncCommand } = await import('./commands/sync.js');
    process.exitCode = await syncCommand({ ...options, base: await rememberedBase(options) });
  });

program
  .command('rebase')
  .description('change the base IRI a data folder remembers (the index is rebuilt from the records under it; refused while a server runs on the folder)')
  .addOption(dataOption())
  .requiredOption('-b, --base <iri>', 'the new base IRI')
  .addHelpText('after', exitStatusHelp('0 re-based (or the folder had that base already)', true))
  .action(async (options) => {
    const { rebaseCommand } = await import('./commands/rebase.js');
    process.exitCode = rebaseCommand(options);
  });

/** The base of a command that only reads the folder's records (`export`, `sync`): the one it remembers, else the one given or the default. */
async function rememberedBase(options: { data: string; base?: string }): Promise<string> {
  const { folderBase } = await import('./commands/base.js');
  return folderBase(options.data, options.base, DEFAULT_BASE);
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // A problem the user can fix (a folder in use, a damaged store, a bad token) is one line, no stack.
  if (!(error instanceof UserError)) throw error;
  process.stderr.write(`catalod: ${error.message}\n`);
  // A usage error (src/commands/usage.ts) carries its own status; any other problem named is 1.
  process.exitCode = (error as { exitCode?: number }).exitCode ?? 1;
}
