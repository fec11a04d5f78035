// Run by native-esm.e2e.spec.ts under plain Node, from inside the package, so 'nest-api-edge'
// resolves to the BUILT package through its own "exports" (self-reference), as in an ESM app.
// Prints one JSON line: what an ESM app sees of the one CommonJS build.
import { createRequire } from 'node:module';
import * as common from '@nestjs/common';
import { ApiEdgeModule, ApiError, apiError } from 'nest-api-edge';
// The client API is its own entry point, not re-exported from the root.
import { parseErrorEnvelope, signRequest } from 'nest-api-edge/client';

const require = createRequire(import.meta.url);
const required = require('nest-api-edge');
// The @nestjs/common the library itself loads (through require(esm) on Nest 12).
const commonOfLib = createRequire(require.resolve('nest-api-edge'))('@nestjs/common');
const error = apiError('not_found');

console.log(
  JSON.stringify({
    namedImports: [typeof ApiEdgeModule, typeof ApiError, typeof parseErrorEnvelope, typeof signRequest],
    sameModuleClassForImportAndRequire: required.ApiEdgeModule === ApiEdgeModule,
    instanceofImported: error instanceof ApiError,
    instanceofRequired: error instanceof required.ApiError,
    instanceofAppHttpException: error instanceof common.HttpException,
    sameNestCommonAsApp: commonOfLib === common,
    clientIsTheSameCode: require('nest-api-edge/client').parseErrorEnvelope === parseErrorEnvelope && require('nest-api-edge/client').signRequest === signRequest && !('signRequest' in required),
    parsed: parseErrorEnvelope({ error: { code: 'not_found', message: 'Nope.', details: [] } }),
  }),
);
