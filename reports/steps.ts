/** The step catalog of C5 scenarios 3.1 and 3.2 (IDs and wording from requirements.md), in order. */
export interface StepInfo {
  id: string;
  actor: string;
  text: string;
}

export const STEPS: readonly StepInfo[] = [
  { id: 'S1-01', actor: 'Customer', text: 'Asks to register and/or enroll: customer info, appliance id and type; via CSR, account manager or web site.' },
  { id: 'S1-02', actor: 'CSR / Web', text: 'Verifies identity, account, service location, premise ids in CSS; checks the appliance type is approved.' },
  { id: 'S1-03', actor: 'CSR / Web', text: 'Presents program information and selections (enrollment optional).' },
  { id: 'S1-04', actor: 'Customer', text: 'Selects program and parameters (price, usage and demand, scheduled price, DR event parameters, current tier), recorded by CSS and CDCS.' },
  { id: 'S1-05', actor: 'Customer', text: 'Connects the appliance at the premises.' },
  { id: 'S1-06', actor: 'CSS', text: 'Starts NMS commissioning.' },
  { id: 'S1-07', actor: 'NMS', text: 'Binds the appliance to the HAN through the premises meter; secure link.' },
  { id: 'S1-08', actor: 'Appliance', text: 'Sends device id, type and key material via the meter.' },
  { id: 'S1-09', actor: 'NMS', text: 'Authenticates meter id and device id; device meets requirements and matches the id and type the customer gave.' },
  { id: 'S1-10', actor: 'NMS', text: 'Sends authentication parameters via the meter.' },
  { id: 'S1-11', actor: 'Appliance', text: 'Sets the authentication parameters.' },
  { id: 'S1-12', actor: 'Appliance', text: 'Acknowledges valid authentication to NMS via the meter.' },
  { id: 'S1-13', actor: 'NMS', text: 'Tells CSS the connection is authenticated.' },
  { id: 'S1-14', actor: 'CSS', text: 'Asks CDCS to send the configuration message (program group code, pricing configuration...).' },
  { id: 'S1-15', actor: 'CDCS', text: 'Sends the configuration message via the meter.' },
  { id: 'S1-16', actor: 'Appliance', text: 'Applies the configuration and confirms receipt to CDCS.' },
  { id: 'S1-17', actor: 'CDCS', text: 'Forwards the confirmation to CSS.' },
  { id: 'S2-01', actor: 'CDCS', text: 'Sends event, price, power-system-condition and public messages to targeted appliances.' },
  { id: 'S2-02', actor: 'Appliance', text: 'Acknowledges receipt.' },
  { id: 'S2-03', actor: 'Appliance', text: 'Customer can view the price signal, event, public message or condition.' },
  { id: 'S2-04', actor: 'Appliance', text: 'Executes the programmed response to reduce or limit load.' },
  { id: 'S2-05', actor: 'Customer', text: 'May override the programmed response (changing settings can have the same effect).' },
  { id: 'S2-06', actor: 'Appliance', text: 'Tells CDCS via the meter that the customer overrode.' },
  { id: 'S2-07', actor: 'CDCS', text: 'Tells CSS that the customer overrode.' },
  { id: 'S2-08', actor: 'Appliance', text: 'Reports messages received, settings, energy usage, power-system conditions, operational history to CDCS via the meter.' },
];

/** Steps whose messages NFR-04 bounds to 2 minutes (scenario 3.1 steps 7, 8, 10, 12, 15, 16; 3.2 steps 1, 5, 7). */
export const NFR04_STEPS: ReadonlySet<string> = new Set(['S1-07', 'S1-08', 'S1-10', 'S1-12', 'S1-15', 'S1-16', 'S2-01', 'S2-05', 'S2-07']);
