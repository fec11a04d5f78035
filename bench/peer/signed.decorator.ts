import { SetMetadata } from '@nestjs/common';

/** Metadata key of {@link Signed}. */
export const PEER_SIGNED = 'peer:signed';

/** Marks a route whose requests must carry a valid HMAC signature (read by `PeerHmacGuard`). */
export const Signed = (): MethodDecorator & ClassDecorator => SetMetadata(PEER_SIGNED, true);
