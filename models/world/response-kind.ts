/** What a programmed response (S2-04) answers: a DR event, a CPP/PTR price event, or a price above the program's threshold. */
export const ResponseKind = { NONE: 0, DR_EVENT: 1, PRICE_EVENT: 2, HIGH_PRICE: 3 } as const;
export type ResponseKind = (typeof ResponseKind)[keyof typeof ResponseKind];
