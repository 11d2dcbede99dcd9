/**
 * The records each back-office system keeps about devices, one module per system (ROSS's rule: a logical
 * process owns its state). CSS holds what the customer claimed and the registration's status, NMS what
 * it was asked to commission and what it authenticated, CDCS the configuration it sends. None reads
 * another's: facts cross between them in messages. The conformance suite compares them with the device's own.
 */
import { IdIndex } from './id-index.ts';

export const Css = { NONE: 0, VERIFYING: 1, OFFERED: 2, COMMISSIONING: 3, REGISTERED: 4, REJECTED: 5, DELETED: 6 } as const;
export const Nms = { NONE: 0, BIND_SENT: 1, AUTH_SENT: 2, AUTHENTICATED: 3 } as const;

/** CSS's customer and registration records (S1-02…S1-06, S1-14, FR-03). */
export class CssRecords {
  readonly status: Uint8Array;
  /** Hardware id and type index the customer named at S1-01 (FR-05). */
  readonly claimedId: Float64Array;
  readonly claimedType: Uint8Array;
  /** Program the customer chose (-1: registration only, BR-03). */
  readonly program: Int16Array;
  /** Language the customer chose at S1-04 (FR-19). */
  readonly language: Uint8Array;
  /** Actor id of the web site or CSR the registration came through, where CSS answers. */
  readonly via: Uint8Array;
  /** CDCS has confirmed the device configured (S1-17): CSS may address it (diagnostic tests). */
  readonly configured: Uint8Array;
  /** Overrides reported to CSS (FR-35); 32-bit, since no limit bounds them below 2^16. */
  readonly overrides: Uint32Array;

  /** `used` false: a partition without CSS leaves these untouched (no memory for their pages). */
  constructor(n: number, used = true) {
    this.status = new Uint8Array(n);
    this.claimedId = new Float64Array(n);
    this.claimedType = new Uint8Array(n);
    this.program = new Int16Array(n).fill(-1, 0, used ? n : 0);
    this.language = new Uint8Array(n);
    this.via = new Uint8Array(n);
    this.configured = new Uint8Array(n);
    this.overrides = new Uint32Array(n);
  }
}

/** NMS's commissioning records (S1-06…S1-13): what CSS asked it to commission, and the ids it has authenticated. */
export class NmsRecords {
  readonly state: Uint8Array;
  /** From the commissioning request: the meter, hardware id and type index the device must show (S1-09). */
  readonly meterId: Int32Array;
  readonly expectedId: Float64Array;
  readonly expectedType: Uint8Array;
  /** FR-10: hardware id → device index of every authenticated device. */
  readonly registeredIds = new IdIndex();

  constructor(n: number) {
    this.state = new Uint8Array(n);
    this.meterId = new Int32Array(n);
    this.expectedId = new Float64Array(n);
    this.expectedType = new Uint8Array(n);
  }
}

/** CDCS's configuration records (S1-15…S1-17, FR-03, FR-30). */
export class CdcsRecords {
  readonly program: Int16Array;
  readonly configured: Uint8Array;
  /** Language the customer chose, as CDCS recorded it at S1-04 (FR-19). */
  readonly language: Uint8Array;
  /** Price alert limit (FR-30) set through CSS, NaN when none. */
  readonly alertLimit: Float64Array;
  /** Overrides CDCS has on record (FR-34). */
  readonly overrides: Uint32Array;
  /** Id of the last configuration message sent. */
  configId = 0;

  constructor(n: number, used = true) {
    this.program = new Int16Array(n).fill(-1, 0, used ? n : 0);
    this.configured = new Uint8Array(n);
    this.language = new Uint8Array(n);
    this.alertLimit = new Float64Array(n).fill(NaN, 0, used ? n : 0);
    this.overrides = new Uint32Array(n);
  }
}
