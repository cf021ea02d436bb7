/**
 * SPARQL `=` on two different literals, as Comunica's `=` answers it (so an answer is the same
 * whichever side evaluates a FILTER): numbers, booleans, dateTimes, dates, times and durations by
 * value (a dateTime without a time zone read as UTC, as Comunica does), strings and language
 * strings by text and tag; literals of any other datatype, or of two unrelated ones, are an
 * error (SPARQL's RDFterm-equal), and so is a literal whose lexical form its datatype refuses.
 */
import type * as RDF from '@rdfjs/types';
import { NUMERIC, XSD } from './order.js';

/** true, false, or undefined for an error. */
type Truth = boolean | undefined;

const RDF_LANG_STRING = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#langString';
const TZ = '(Z|[+-]\\d{2}:\\d{2})?';
const DATE_TIME = new RegExp(`^(-?\\d{4,})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?${TZ}$`);
const DATE = new RegExp(`^(-?\\d{4,})-(\\d{2})-(\\d{2})${TZ}$`);
const TIME = new RegExp(`^(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+)?${TZ}$`);
const DURATION = /^(-)?P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?!$)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;
const DOUBLE = /^([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[+-]?INF|NaN)$/;

/** Value kinds with an `=` of their own; everything else compares by term. */
type Kind = 'numeric' | 'boolean' | 'string' | 'langString' | 'dateTime' | 'date' | 'time' | 'duration' | 'other';

function kindOf(datatype: string): Kind {
  if (NUMERIC.has(datatype)) return 'numeric';
  if (datatype === RDF_LANG_STRING) return 'langString';
  const local = datatype.startsWith(XSD) ? datatype.slice(XSD.length) : '';
  if (local === 'boolean' || local === 'string' || local === 'dateTime' || local === 'date' || local === 'time') return local;
  if (local === 'duration' || local === 'dayTimeDuration' || local === 'yearMonthDuration') return 'duration';
  return 'other';
}

/**
 * `=` on two literals that are not the same term.
 * @example
 * literalsEqual(literal('2002-04-02T12:00:00Z', dateTime), literal('2002-04-02T17:00:00+05:00', dateTime)); // true
 * literalsEqual(literal('a', unknown), literal('b', unknown)); // undefined (an error)
 */
export function literalsEqual(a: RDF.Literal, b: RDF.Literal): Truth {
  const [ka, kb] = [kindOf(a.datatype.value), kindOf(b.datatype.value)];
  const texts = (ka === 'string' || ka === 'langString') && (kb === 'string' || kb === 'langString');
  if (texts) return ka === kb && a.value === b.value && a.language.toLowerCase() === b.language.toLowerCase();
  if (ka !== kb || ka === 'other') return undefined;
  const [va, vb] = [valueOf(ka, a), valueOf(kb, b)];
  if (va === undefined || vb === undefined) return undefined;
  return va.length === vb.length && va.every((x, i) => x === vb[i]);
}

/** A literal's value as numbers to compare in order, or undefined when its lexical form is not valid. */
function valueOf(kind: Kind, t: RDF.Literal): number[] | undefined {
  const text = t.value.trim();
  switch (kind) {
    case 'numeric':
      return (t.datatype.value.endsWith('#double') || t.datatype.value.endsWith('#float') ? DOUBLE : DECIMAL).test(text) ? [numberOf(text)] : undefined;
    case 'boolean':
      return text === 'true' || text === '1' ? [1] : text === 'false' || text === '0' ? [0] : undefined;
    case 'dateTime':
      return instant(DATE_TIME.exec(text), 'dateTime');
    case 'date':
      return instant(DATE.exec(text), 'date');
    case 'time':
      return instant(TIME.exec(text), 'time');
    case 'duration':
      return durationOf(DURATION.exec(text));
    default:
      return undefined;
  }
}

function numberOf(text: string): number {
  return text.endsWith('INF') ? (text.startsWith('-') ? -Infinity : Infinity) : Number(text);
}

/** Milliseconds since the epoch (a time: since midnight), and the fraction past them; no time zone is UTC. */
function instant(m: RegExpExecArray | null, kind: 'dateTime' | 'date' | 'time'): number[] | undefined {
  if (!m) return undefined;
  const n = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const [year, month, day, hour, minute, second] = kind === 'time' ? [1972, 1, 1, n[0]!, n[1]!, n[2]!] : kind === 'date' ? [n[0]!, n[1]!, n[2]!, 0, 0, 0] : n;
  const fraction = kind === 'date' ? '' : (m[kind === 'time' ? 4 : 7] ?? '');
  const zone = m[m.length - 1];
  const offset = !zone || zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const ms = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!) - offset * 60_000;
  return Number.isNaN(ms) ? undefined : [ms, Number(`0${fraction}`)];
}

/** Months and seconds of a duration (signed). */
function durationOf(m: RegExpExecArray | null): number[] | undefined {
  if (!m) return undefined;
  const [sign, y, mo, d, h, mi, s] = [m[1] ? -1 : 1, ...m.slice(2).map((x) => Number(x ?? 0))];
  return [sign * (y! * 12 + mo!), sign * (d! * 86_400 + h! * 3_600 + mi! * 60 + s!)];
}
