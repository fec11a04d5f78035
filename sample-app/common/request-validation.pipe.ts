import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { createValidationPipe } from '../../lib/index.js';

/**
 * The app's one global validation pipe: bodies fail as `validation_failed` (which a profile may
 * split further with validation rules), path and query parameters as `invalid_params`, so an API
 * with a separate code for bad parameters (seed 002's INVALID_PARAMS) gets it without any route
 * having to say so.
 */
@Injectable()
export class RequestValidationPipe implements PipeTransform {
  private readonly body = createValidationPipe();
  private readonly params = createValidationPipe({ errorKey: 'invalid_params' });

  /** Validates and transforms one argument with the pipe for its kind. */
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' || metadata.type === 'query'
      ? this.params.transform(value, metadata)
      : this.body.transform(value, metadata);
  }
}
