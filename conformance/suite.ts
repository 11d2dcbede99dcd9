/**
 * The suite: every requirement ID of requirements.md mapped to one or more properties (a profile of random
 * runs and a check over each run) or to an explicit "not applicable, because …". A test fails when an ID of
 * the catalog has no entry here.
 */
import type { Observation } from './observe.ts';
import type { ProfileName } from './profiles.ts';
import type { Check, CheckResult } from './checks/util.ts';
import * as R from './checks/registration.ts';
import * as M from './checks/messaging.ts';
import * as N from './checks/network.ts';
import * as S from './checks/security.ts';
import * as P from './checks/physics.ts';
import * as PR from './checks/prices.ts';
import * as PRC from './checks/pricing.ts';
import * as MT from './checks/metering.ts';
import * as A from './checks/alerts.ts';
import * as AD from './checks/advice.ts';
import * as EM from './checks/ems.ts';
import { statedMinimumHours } from './requirements.ts';
import { orderText, stepOrder, STEP_ORDER } from './checks/order.ts';

export interface PropertySpec {
  profile: ProfileName;
  /** What the property asserts, one line. */
  statement: string;
  check: Check;
}

export type SuiteEntry = { id: string; properties: PropertySpec[] } | { id: string; notApplicable: string };

const prop = (profile: ProfileName, statement: string, check: Check): PropertySpec => ({ profile, statement, check });
const chain = (statement: string, check: Check) => prop('chain', statement, check);

/** FR-03 through the model-based commands: problems the reference model found land in `o.notes`. */
const modelCheck: Check = (o: Observation): CheckResult => ({ violations: o.notes, instances: o.w.customers.changes.length + o.s.timeline.length });

export const SUITE: SuiteEntry[] = [
  // ---- business rules -------------------------------------------------------------------------
  { id: 'BR-01', properties: [chain('every HAN message enters or leaves through the premises meter, and every one reaching the meter goes on to its device (or is provably lost)', N.BR_01)] },
  { id: 'BR-02', properties: [chain('no HAN message is stranded between meter and device; every connected, bound device reaches NMS through the HAN', N.BR_02)] },
  { id: 'BR-03', properties: [chain('a device registered without a program is registered at CSS with no program at CSS, CDCS or the device', R.BR_03)] },
  { id: 'BR-04', notApplicable: "a legal premise (the customer's permission to communicate with devices at the premises): nothing the system does can show or violate it" },
  { id: 'BR-05', properties: [chain("every type on the scenario's approved list (any maker) registers when the customer names it correctly; unlisted types never do", R.BR_05)] },
  { id: 'BR-06', properties: [chain('devices only send answers, acknowledgements and reports; every answer names a message the device received', N.BR_06)] },
  { id: 'BR-07', properties: [chain("every appliance, IHD and EMS (and appliance behind an EMS) talks through its own premises meter and no other", N.BR_07)] },
  { id: 'BR-08', properties: [chain('every HAN message between a device and the utility passes the NMS: downstream before the meter, upstream after it and before its destination; the meter\'s own usage feed (NFR-03) never leaves the premises', N.BR_08)] },
  // ---- scenario 3.1 ------------------------------------------------------------------------------
  { id: 'S1-01', properties: [chain("each registering customer asks once, at the drawn time, through their channel, naming the id and type they believe (wrong ones when the intent says so)", R.S1_01)] },
  { id: 'S1-02', properties: [chain('each request gets one CSR/web verification: a program offer when the claimed type is approved, an unapproved-type refusal otherwise', R.S1_02)] },
  { id: 'S1-03', properties: [chain('CSS offers exactly the programs eligible for the claimed type, and the CSR/web presents the offer to the customer once', R.S1_03)] },
  { id: 'S1-04', properties: [chain("the customer's program (or none) and language are recorded alike by CSS and CDCS", R.S1_04)] },
  { id: 'S1-05', properties: [chain('every customer given an offer connects the device afterwards and it joins the HAN', R.S1_05)] },
  { id: 'S1-06', properties: [chain('CSS starts one commissioning per selection, after it, to NMS, naming the premises meter and the claimed id and type', R.S1_06)] },
  { id: 'S1-07', properties: [chain('each commissioning request makes NMS bind the device through the premises meter, expecting the claimed id', R.S1_07)] },
  { id: 'S1-08', properties: [chain('a device identifies itself (own id, type, key material, meter) only after it joined and got the bind, entering at its meter', R.S1_08)] },
  {
    id: 'S1-09',
    properties: [
      chain('NMS authenticates only the device the customer named (id, type), at its premises meter, with an id no other device holds; every correctly named device is authenticated', R.S1_09),
      prop('security', 'no forged identification or acknowledgement (never-commissioned device, wrong meter, id or type) ever authenticates a device', S.S1_09_FORGED),
    ],
  },
  { id: 'S1-10', properties: [chain('NMS sends authentication parameters once per successful authentication, only then, through the meter', R.S1_10)] },
  { id: 'S1-11', properties: [chain('a device that accepts authentication parameters has set them', R.S1_11)] },
  { id: 'S1-12', properties: [chain('a device acknowledges each authentication-parameter message once, naming it, to NMS', R.S1_12)] },
  { id: 'S1-13', properties: [chain("NMS tells CSS a connection is authenticated only after the device's acknowledgement; failures only for refused identifications", R.S1_13)] },
  { id: 'S1-14', properties: [chain("CSS asks CDCS for a configuration only on an authenticated connection, with the customer's language and groups", R.S1_14)] },
  { id: 'S1-15', properties: [chain("CDCS configures a device only when asked, with the customer's program group, language and groups, through NMS and the meter", R.S1_15)] },
  { id: 'S1-16', properties: [chain('a device applies each configuration it accepts (program, language) and confirms it once with its config id', R.S1_16)] },
  { id: 'S1-17', properties: [chain("CDCS forwards each confirmation to CSS, which then tells the customer's channel the registration is accepted", R.S1_17)] },
  // ---- scenario 3.2 ------------------------------------------------------------------------------
  { id: 'S2-01', properties: [chain('CDCS sends each timeline message (and event reminders and ends) to exactly its targets, public ones on every targeted broadcast channel in every language; none vanishes unless provably lost', M.S2_01)] },
  { id: 'S2-02', properties: [chain('every private message a device accepts is acknowledged once, naming it; public broadcasts are not answered', M.S2_02)] },
  { id: 'S2-03', properties: [chain('customers view messages only when the device holds one received within the last 24 h', M.S2_03)] },
  { id: 'S2-04', properties: [chain("enrolled appliances execute a response to each load-control event of their group within its randomization window, and only to what calls for one; displays never", M.S2_04)] },
  {
    id: 'S2-05',
    properties: [
      chain('a customer overrides only a response being executed, at most once per event (the window its notice, reminder, DR event or price states)', M.S2_05),
      prop('overrides', 'an override holds for the rest of its event: the response to a later message of the same event (its reminder, the DR event) does not take effect, so no customer overrides one event twice', M.S2_05),
    ],
  },
  { id: 'S2-06', properties: [chain('each override is told to CDCS by one high-priority notice entering at the premises meter', M.S2_06)] },
  { id: 'S2-07', properties: [chain('each override notice reaching CDCS is forwarded to CSS and MDMS', M.S2_07)] },
  { id: 'S2-08', properties: [chain('every configured device reports to CDCS via its meter at least once per report interval', M.S2_08)] },
  // ---- functional requirements -------------------------------------------------------------------
  { id: 'FR-01', properties: [chain("customers exchange messages with the utility only through their CSR or the web site, as they chose", R.FR_01)] },
  { id: 'FR-02', properties: [chain('every correctly named approved device whose messages the network did not lose ends registered, enrolled as chosen', R.FR_02)] },
  { id: 'FR-03', properties: [prop('model', 'random command sequences (register, enroll, change program, language, alert limit, delete, send, override, faults) leave CSS, CDCS and devices as the reference model says', modelCheck)] },
  {
    id: 'FR-04',
    properties: [
      chain('appliances behind an EMS register like any other', R.FR_04),
      prop('ems', "a DEMAND_LIMIT EMS acts on the demand it holds from the meter's usage feed (NFR-03): it sheds only on a held value above the limit and restores only on one at or below the limit less the restore margin", EM.FR_04_ACTS_ON_HELD),
      prop('ems', 'while its premise draws more than the limit and the EMS holds a value and has an appliance left to shed, demand is back under within one reaction step per appliance and one to notice (a step: a usage-feed report by period and minimum interval, its HAN delivery, the command\'s home-network hop)', EM.FR_04_REACTS),
    ],
  },
  { id: 'FR-05', properties: [chain('CSS registers a device only after verifying customer and type and after NMS authenticated it; refusals carry a reason', R.FR_05)] },
  { id: 'FR-06', properties: [chain('only approved types (by the device and by the claim) are ever authenticated, configured or registered', R.FR_06)] },
  { id: 'FR-07', properties: [chain('every connected device joins the HAN and identifies itself to the meter once bound', R.FR_07)] },
  { id: 'FR-08', properties: [chain('commissioning goes from CSS to NMS and binds the device through its premises meter (unless lost)', R.FR_08)] },
  { id: 'FR-09', properties: [chain('only NMS binds, sends keys (16-byte network and link keys) and only to devices it authenticated, and confirms connections', R.FR_09)] },
  { id: 'FR-10', properties: [chain('registered ids are unique at every moment; each device transmits its own id', R.FR_10)] },
  { id: 'FR-11', properties: [chain('every authenticated device receives its parameters and NMS confirms its connection (unless lost)', R.FR_11)] },
  { id: 'FR-12', properties: [chain('a device receiving authentication parameters applies them and confirms them once', R.FR_12)] },
  { id: 'FR-13', properties: [chain('diagnostic tests come from CSS; each delivered test is answered with a passing result echoing its payload', R.FR_13)] },
  { id: 'FR-14', properties: [chain('configuration messages come from CDCS and travel through NMS and the premises meter', R.FR_14)] },
  { id: 'FR-15', properties: [chain('a device applies every configuration it accepts', R.FR_15)] },
  { id: 'FR-16', properties: [chain('a device confirms every configuration it accepts, and the confirmation reaches CDCS (unless lost)', R.FR_16)] },
  { id: 'FR-17', properties: [chain('every timeline action yields its message kind with the stated contents; DR events get in-progress reminders and an end of event', M.FR_17)] },
  { id: 'FR-18', properties: [chain("text messages carry the action's text in one variant and its confirmation flag; confirmations answer exactly those that ask", M.FR_18)] },
  { id: 'FR-19', properties: [chain("every text and alert a device accepts is the variant (and header language) its customer chose", M.FR_19)] },
  { id: 'FR-20', properties: [chain('each private message goes to exactly the registered devices its target names (all, region, group, program, type, device)', M.FR_20)] },
  { id: 'FR-21', properties: [chain("group-targeted messages reach exactly the group's registered devices; devices are configured with their customer's groups", M.FR_21)] },
  { id: 'FR-22', properties: [chain('every device in a targeted region, registered or not, hears each public message exactly once; none outside', M.FR_22)] },
  { id: 'FR-23', properties: [chain('every message is marked public or private as carried and as its action says; private ones are accepted only by their addressee, a target', M.FR_23)] },
  { id: 'FR-24', properties: [prop('long', `every message a device keeps stays readable for the ${statedMinimumHours('FR-24')} h FR-24 states (NFR-01 asks more)`, N.retention('FR-24'))] },
  { id: 'FR-25', properties: [chain('billing-cycle actions send the billing period start to their targets, delivered unless lost', M.FR_25)] },
  { id: 'FR-26', properties: [chain('TOU schedules carry the 24 hourly prices; day-ahead notices the event start and length', M.FR_26)] },
  { id: 'FR-27', properties: [chain("at the start, middle and end of every local hour a device holds the current and next price its messages give: a signal while in force, else the TOU schedule at that local hour (hour 0 = local midnight in the study's zone, DST included), else the signal's next price", PR.FR_27)] },
  { id: 'FR-28', properties: [chain('public alerts carry their alert kind and reach every device in range once', M.FR_28)] },
  { id: 'FR-29', properties: [chain("each message carries its action's priority (header and link class); no link sends lower-priority traffic while higher waits", M.FR_29)] },
  { id: 'FR-30', properties: [chain('a device with an alert limit counts one alert each time its current price changes to a value above the limit (a message, a signal expiring, a new local hour of its schedule), and no other', PR.FR_30)] },
  { id: 'FR-31', properties: [chain('every price, event, public message, condition and text a device accepts is viewable right after; views need a stored message', M.FR_31)] },
  { id: 'FR-32', properties: [chain('enrolled appliances execute programmed responses to load-control events of their group, and only when called for', M.FR_32)] },
  { id: 'FR-33', properties: [chain('an override reaching a device executing that event is accepted; any other is ignored', M.FR_33)] },
  { id: 'FR-34', properties: [chain('each override is reported to CDCS; CDCS holds every notice that reached it; none vanishes unless provably lost', M.FR_34)] },
  { id: 'FR-35', properties: [chain('CDCS passes every override it received on to CSS', M.FR_35)] },
  { id: 'FR-36', properties: [chain("each report carries the device's own period: settings, the energy its power trace integrates to over the period (within 1 Wh), exactly the messages it received since its last report, its load sheds; it reaches CDCS and goes on to CSS (unless lost)", M.FR_36)] },
  { id: 'FR-37', properties: [chain('no safety violation (spoiled food, wet laundry, EV short at departure, cold water, unsafe heat) while appliances execute DR', P.FR_37)] },
  // ---- non-functional ----------------------------------------------------------------------------
  { id: 'NFR-01', properties: [prop('long', `every message a device keeps is readable for the ${statedMinimumHours('NFR-01')} h NFR-01 states after it arrived (stores probed every 90 min over 27 h)`, N.retention('NFR-01'))] },
  { id: 'NFR-02', properties: [prop('contention', 'no meter-read or firmware transmission starts on a link while a C5 message waits on it', N.NFR_02)] },
  {
    id: 'NFR-03',
    properties: [
      prop('metering', "'instantly': the demand value each subscribing device holds is no older than the study's metering.age_sla_s for 99 % of its time (time-weighted, from its first report)", MT.NFR_03_AGE),
      prop('metering', "the held demand is always within the reportable change of what the premise's appliances drew at some instant of the last min_interval + one HAN delivery, unless a report to the device was lost", MT.NFR_03_AGREEMENT),
    ],
  },
  {
    id: 'NFR-04',
    properties: [
      prop('load', 'under the stated load every delivery of a covered message (S1 steps 7, 8, 10, 12, 15, 16; S2 steps 1, 5, 7) takes ≤ sla_s (120 s)', N.NFR_04),
      prop('library', 'at the scale of the library studies that meet NFR-04 (thousands of customers, a drawn seed) every delivery of a covered message takes ≤ sla_s (120 s)', N.NFR_04),
    ],
  },
  {
    id: 'NFR-05',
    properties: [
      chain('private messages are accepted only by their addressee, and beyond commissioning only by authenticated devices; unregistered devices get public broadcasts only', N.NFR_05_ADDRESSING),
      prop('security', 'misaddressed private frames are discarded; random and mutated frames to every decoder are counted and dropped, never crash a run', S.NFR_05_FRAMES),
    ],
  },
  // ---- open issues ---------------------------------------------------------------------------------
  { id: 'OI-1', properties: [chain('appliances hearing an under-frequency or low-voltage condition respond on their own', P.OI_1)] },
  { id: 'OI-2', notApplicable: "an open question of policy (the utility's role in troubleshooting customer-owned appliances); the model has no troubleshooting flow — diagnostics are FR-13" },
  {
    id: 'OI-3',
    properties: [
      prop('alerts', "each actual public CAP 1.2 alert of the study's feeds reaches every device of exactly the regions its areas map to, once, within the SLA, with the priority of its urgency, severity and certainty, the kind of its category and each customer language's text from its info blocks; tests, exercises and restricted alerts reach no one", A.OI_3),
    ],
  },
  { id: 'OI-4', notApplicable: 'appliance self-maintenance and third-party problem reports are outside the use case; the model has no such actors' },
  {
    id: 'OI-5',
    properties: [
      prop('advice', "each customer's rate advice bills the usage its S2-08 reports gave CDCS before the advice, by local hour and called CPP/PTR event, under every offered rate as recomputed here; it recommends the least bill, its saving is the current rate's bill less the recommended one's, and it goes once, private and low priority, to the customer's IHD (and no other device)", AD.OI_5),
    ],
  },
  {
    id: 'OI-6',
    properties: [
      prop('pricing', "every event day the pricing actor calls meets its rule's day-ahead forecast trigger and the program's limits (per season, in a row)", PRC.OI_6_CALLED),
      prop('pricing', 'every day whose forecast meets the trigger is called unless the season is spent or the days just before it were all called', PRC.OI_6_COMPLETE),
      prop('pricing', 'every day-ahead notice goes out notice_lead before its event, at the rule’s start hour for its hours', PRC.OI_6_NOTICE),
      prop('pricing', "every hourly price sent equals the study series' wholesale price per kWh plus the adders, this hour's and the next", PRC.OI_6_PRICES),
    ],
  },
];

// Every scenario step also gets a trace property: in each device's trace it follows the steps the use case puts first.
for (const e of SUITE) {
  if (!('properties' in e) || !(e.id in STEP_ORDER)) continue;
  e.properties.push(chain(`trace order: in every device's trace ${e.id} comes ${orderText(e.id)}`, stepOrder(e.id)));
}

export const SUITE_BY_ID: ReadonlyMap<string, SuiteEntry> = new Map(SUITE.map((e) => [e.id, e]));
