/** The part of citation-js's (untyped) API that src/writers/citation.ts uses. */
declare module '@citation-js/core' {
  /** A bibliography: CSL-JSON items in, any registered output format out. */
  export class Cite {
    constructor(data: unknown, options?: Record<string, unknown>);
    /** CSL-JSON items as citation-js holds them. */
    data: Record<string, unknown>[];
    format(format: string, options?: Record<string, unknown>): string;
  }
  const core: {
    Cite: typeof Cite;
    plugins: { config: { get(plugin: string): { templates: { has(name: string): boolean }; locales: { has(name: string): boolean } } } };
    logger: { setLevel(level: string): void };
  };
  export default core;
}
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
declare module '@citation-js/plugin-csl';
