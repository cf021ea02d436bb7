#!/usr/bin/env node
/** catalod's command line: one sub-command per capability, options from the format table. */
import { Command, Option } from 'commander';
import { convertCommand } from './commands/convert.js';
import { FORMATS } from './writers/index.js';
import { DEFAULT_BASE } from './mapping/iris.js';

const program = new Command('catalod')
  .description('VuFind catalogue records of scholarly articles as linked data (schema.org, Dublin Core, FaBiO)')
  .showHelpAfterError();

program
  .command('convert')
  .description('convert record pages or Solr JSON to RDF; several records per file; `-` reads stdin')
  .argument('[files...]', 'input files (record page text or Solr JSON); none or `-` reads stdin')
  .addOption(new Option('-t, --to <format>', 'output format').choices(FORMATS.map((f) => f.name)).default('nquads'))
  .option('-b, --base <iri>', 'base IRI for every minted IRI', process.env.CATALOD_BASE ?? DEFAULT_BASE)
  .option('--orcid <file>', 'CSV (work,author,orcid) of trusted ORCID iDs to attach')
  .option('-o, --output <file>', 'write to a file instead of stdout')
  .option('--report', 'print to stderr what was found per record, from which field, and each warning')
  .addHelpText('after', `\nFormats:\n${FORMATS.map((f) => `  ${f.name.padEnd(9)} ${f.description}`).join('\n')}\n\nExit status: 0 all records converted, 1 some records skipped, 2 an input held no record at all.`)
  .action(async (files: string[], options) => {
    process.exitCode = await convertCommand(files, options);
  });

await program.parseAsync(process.argv);
