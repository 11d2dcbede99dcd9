/**
 * What the back-office systems know about each device: CSS's registration records (claimed id and
 * type, program, status), NMS's commissioning state, CDCS's program and configuration records.
 * Kept separate from the device's own state: the conformance suite compares the two.
 */
export const Css = { NONE: 0, VERIFYING: 1, OFFERED: 2, COMMISSIONING: 3, REGISTERED: 4, REJECTED: 5, DELETED: 6 } as const;
export const Nms = { NONE: 0, BIND_SENT: 1, AUTH_SENT: 2, AUTHENTICATED: 3 } as const;

export class BackOffice {
  readonly cssStatus: Uint8Array;
  readonly claimedId: Float64Array;
  readonly claimedType: Uint8Array;
  readonly cssProgram: Int16Array;
  /** FR-10: hardware id → device index of every registered device. */
  readonly registeredIds = new Map<number, number>();
  readonly nmsState: Uint8Array;
  readonly cdcsProgram: Int16Array;
  readonly cdcsConfigured: Uint8Array;
  /** Language the customer chose, as CDCS recorded it at S1-04 (FR-19). */
  readonly cdcsLanguage: Uint8Array;
  /** Overrides CDCS and CSS have on record, per device (FR-34, FR-35); 32-bit, since no limit bounds them below 2^16. */
  readonly overridesAtCdcs: Uint32Array;
  readonly overridesAtCss: Uint32Array;

  /** `used` false: a partition without the back office leaves these untouched (no memory for their pages). */
  constructor(n: number, used = true) {
    this.cssStatus = new Uint8Array(n);
    this.claimedId = new Float64Array(n);
    this.claimedType = new Uint8Array(n);
    this.cssProgram = new Int16Array(n).fill(-1, 0, used ? n : 0);
    this.nmsState = new Uint8Array(n);
    this.cdcsProgram = new Int16Array(n).fill(-1, 0, used ? n : 0);
    this.cdcsConfigured = new Uint8Array(n);
    this.cdcsLanguage = new Uint8Array(n);
    this.overridesAtCdcs = new Uint32Array(n);
    this.overridesAtCss = new Uint32Array(n);
  }
}
