/**
 * The HTML pages, one Hono JSX module each under pages/: a work's record page (work.tsx), a
 * person's page (person.tsx), any other resource (resource.tsx), the home page (home.tsx), search
 * results (search.tsx), error pages (error.tsx), the query editor (query-editor.tsx) and the
 * plain SPARQL form (endpoint.tsx), in the shell of layout.tsx. Each renders to a string,
 * synchronously; pages are built from views (view.ts), need no script, and carry their data
 * (JSON-LD, `citation_*` tags) in the head. This module is where the rest of the server finds them.
 */
export { workPage, type ResourcePageOptions } from './pages/work.js';
export { personPage, type Coauthor, type Namesake, type PersonData, type PersonWork } from './pages/person.js';
export { resourcePage, type PagedResourceOptions } from './pages/resource.js';
export { errorPage } from './pages/error.js';
export { homePage, DATASET_TITLE, type HomeOptions, type RecentRecord } from './pages/home.js';
export { searchPage, type SearchGroup, type SearchHit } from './pages/search.js';
export { curie, licenceLabel } from './pages/labels.js';
export { hrefFor, personHref } from './pages/paths.js';
export type { Alternate } from './pages/parts.js';
