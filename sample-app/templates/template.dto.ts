import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** `POST /v1/templates` body. */
export class CreateTemplateDto {
  /** Display name. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  /** Text with `{{variable}}`, `{{contact.name}}` or `{{instance.phone}}` placeholders. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(4096)
  body!: string;
}
