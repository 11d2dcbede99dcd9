/**
 * What each customer keeps: the programs it chose, the overrides used this season (S2-05) and the changes it
 * has still to make (FR-03).
 */
import type { CustomerChange } from './management.ts';

export class CustomerState {
  /** Overrides each customer has used this season, against the program's opt-out limit. */
  readonly optOuts: Uint16Array;
  /** FR-03 changes waiting for their customer to act (index = CHANGE event payload). */
  readonly changes: { d: number; change: CustomerChange }[] = [];
  /** The program the customer chose for each device, + 1 (0: none): its opt-out limit applies. */
  readonly program: Int16Array;

  constructor(customers: number, devices: number) {
    this.optOuts = new Uint16Array(customers);
    this.program = new Int16Array(devices);
  }
}
