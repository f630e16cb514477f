/** Provider message ids are short (Twilio: 34 characters); a longer one is not a real message and is not stored. */
export const MAX_MESSAGE_ID_LENGTH = 128;

/** An SMS as every provider adapter hands it to the channel, whatever its webhook looked like. */
export interface InboundSms {
  /** Which adapter received it: part of the deduplication key, since ids are per provider. */
  provider: string;
  /** The provider's id for this message: a retried webhook carries the same one. */
  messageId: string;
  /** The sender's number, as the provider gives it. Used to reply, then only as a keyed hash. */
  from: string;
  text: string;
  /** Pictures or sound attached (MMS); none is read. */
  mediaCount: number;
}
