import { Module } from '@nestjs/common';
import { ContactsController } from './contacts.controller.js';

/** Contacts, groups, opt-outs and do-not-contact. */
@Module({ controllers: [ContactsController] })
export class ContactsModule {}
