// Compiled (never run) under moduleResolution node10, nodenext and bundler with skipLibCheck false:
// both entry points must resolve to real types, without the optional peers (@nestjs/jwt, ioredis).
import { ApiEdgeModule, ApiError, defineCatalogue, type ApiEdgeModuleOptions } from 'nest-api-edge';
import { parseErrorEnvelope, signRequest, type ParsedErrorEnvelope } from 'nest-api-edge/client';

const catalogue = defineCatalogue({ overrides: { invalid_api_key: { code: 'INVALID_API_KEY' } } });
const options: ApiEdgeModuleOptions = { envelope: 'problem', catalogue };

export const edgeModule = ApiEdgeModule.forRoot(options);
export const parsed: ParsedErrorEnvelope | undefined = parseErrorEnvelope('{"error":"nope"}');
export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;
export const sign: typeof signRequest = signRequest;
// If the types resolved to `any`, this line would compile and the directive would fail the check.
// @ts-expect-error a key the catalogue does not know does not compile
export const unknownKey = catalogue.error('no_such_key');
