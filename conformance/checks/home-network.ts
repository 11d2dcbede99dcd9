/**
 * The conformance suite's own reading of the home network, kept apart from the model's constants so that a
 * change there is caught rather than followed: an appliance behind a premise EMS (FR-04) is one more ZigBee
 * hop away, which the suite allows 100 ms (a relay's forward on a 250 kbit/s HAN, a few frames of airtime).
 */
export const EMS_HOP_MS = 100;
