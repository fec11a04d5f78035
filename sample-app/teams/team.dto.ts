import { ArrayNotEmpty, IsArray, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** `POST /v1/teams` body. */
export class CreateTeamDto {
  /** Team name. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;
}

/** `POST /v1/team/invitations` body. */
export class InviteDto {
  /** The invitee's email; they must accept while signed in with it. */
  @IsEmail()
  email!: string;

  /** Role once accepted. Default `collaborator`. */
  @IsOptional()
  @IsIn(['admin', 'collaborator'])
  role?: string;
}

/** `POST /v1/api-keys` body. */
export class CreateApiKeyDto {
  /** A label for the key. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  /** Scopes, e.g. `messages:write`. Default `*`. */
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @Matches(/^[a-z_]+:(read|write|\*)$|^\*$/, { each: true })
  scopes?: string[];
}
