/**
 * What the model behind an endpoint expects (`endpoint.input` in sagectl.yaml). Declared here,
 * apart from the config schema, so the payload checks depend on nothing but this file and can be
 * reused elsewhere (the wire-api Lambda).
 */
export type FeatureType = 'number' | 'integer' | 'string';

export interface InputSpec {
  /** The MIME type the model reads, e.g. `text/csv` or `application/json`. */
  contentType: string;
  /** How many features a row has, or their names in order (names let JSON keys be checked). */
  features?: number | string[];
  /** One type for every feature, or one per feature. Default `number`. */
  featureTypes?: FeatureType | FeatureType[];
  /** Whether a CSV payload starts with a header row. Default false: a header row is refused. */
  header?: boolean;
  /** Whether an empty field (CSV) or `null` (JSON) is accepted as a missing value. Default false. */
  allowEmpty?: boolean;
  /** The most rows (CSV) or records (JSON) one request may carry. */
  maxRows?: number;
}

/** The number of features, when the spec says. */
export function featureCount(spec: InputSpec): number | undefined {
  return Array.isArray(spec.features) ? spec.features.length : spec.features;
}

/** The feature names, when the spec gives them. */
export function featureNames(spec: InputSpec): string[] | undefined {
  return Array.isArray(spec.features) ? spec.features : undefined;
}

/** The declared type of the feature at `index` (0-based). */
export function featureType(spec: InputSpec, index: number): FeatureType {
  const types = spec.featureTypes ?? 'number';
  return typeof types === 'string' ? types : (types[index] ?? 'number');
}

/** The media type without parameters, lower-cased: `Text/CSV; charset=utf-8` → `text/csv`. */
export function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}
