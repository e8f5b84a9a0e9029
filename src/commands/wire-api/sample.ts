import type { Config } from '../../core/schema.js';

type EndpointInput = NonNullable<NonNullable<Config['endpoint']>['input']>;

/** Fields of the example when the config declares none: any short row shows the shape. */
const UNDECLARED_FIELDS = 3;

/** One example value per feature type; a model that declares 13 features gets 13 of them. */
function sampleValues(input: EndpointInput | undefined): (number | string)[] {
  const count = input?.features === undefined ? UNDECLARED_FIELDS : Array.isArray(input.features) ? input.features.length : input.features;
  const typeAt = (i: number): string => (Array.isArray(input?.featureTypes) ? (input.featureTypes[i] ?? 'number') : (input?.featureTypes ?? 'number'));
  return Array.from({ length: count }, (_, i) => {
    const type = typeAt(i);
    return type === 'string' ? 'a' : type === 'integer' ? i + 1 : i + 1.5;
  });
}

/**
 * The example body of wire-api's "try it" curl and the page's placeholder: one row the endpoint's
 * declared input (`endpoint.input`: feature count and types) accepts, in its content type.
 */
export function sampleBody(contentType: string, input: EndpointInput | undefined): string {
  const values = sampleValues(input);
  if (contentType.startsWith('application/json')) return JSON.stringify({ instances: [values] });
  const row = values.map(String).join(',');
  if (!input?.header) return row;
  // A model that reads a header row refuses a row without one.
  const names = Array.isArray(input.features) ? input.features : values.map((_, i) => `f${i + 1}`);
  return `${names.join(',')}\n${row}`;
}
