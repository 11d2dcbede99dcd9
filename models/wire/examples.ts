// One realistic envelope of every body kind (tests, size tables, benchmarks). The mapped type makes the table
// fail to compile when a body kind is added to envelope.proto without an example here.
import {
  ActorKind,
  AlertKind,
  AlertParameter,
  AlertSeverity,
  ApplianceMode,
  ApplianceType,
  AuthResult,
  ConfigStatus,
  ConfirmationAnswer,
  ContactChannel,
  CriticalityLevel,
  CustomerAction,
  DeviceAction,
  DeviceClassBit,
  DiagnosticKind,
  EndReason,
  HistoryEventKind,
  KeyMaterialKind,
  LinkKeyMethod,
  MessageUrgency,
  MeteringTrigger,
  OverrideKind,
  PowerCondition,
  PriceEventKind,
  PriceKind,
  Priority,
  ProgramKind,
  RegistrationStatus,
  RejectReason,
  ResponseStatus,
  SettingKind,
  UnitOfMeasure,
  Visibility,
  type ActorRef,
  type BodyKind,
  type CustomerPreferences,
  type EnvelopeOf,
  type Header,
  type PriceInfo,
} from './codec.ts';

const bytes = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (seed + i * 37) & 0xff);

export const EUI64 = Uint8Array.of(0x00, 0x0d, 0x6f, 0x00, 0x0a, 0x5b, 0x3c, 0x11);

const CUSTOMER: ActorRef = { kind: ActorKind.ACTOR_CUSTOMER, id: 5001 };
const WEB: ActorRef = { kind: ActorKind.ACTOR_WEB_SITE, id: 1 };
const CSS: ActorRef = { kind: ActorKind.ACTOR_CSS, id: 1 };
const NMS: ActorRef = { kind: ActorKind.ACTOR_NMS, id: 1 };
const CDCS: ActorRef = { kind: ActorKind.ACTOR_CDCS, id: 1 };
const MDMS: ActorRef = { kind: ActorKind.ACTOR_MDMS, id: 1 };
const METER: ActorRef = { kind: ActorKind.ACTOR_METER, id: 70_001 };
const APPLIANCE: ActorRef = { kind: ActorKind.ACTOR_APPLIANCE, id: 424_242 };
const BROADCAST: ActorRef = { kind: ActorKind.ACTOR_BROADCAST, id: 12 };

let nextId = 1_000;
function header(
  source: ActorRef,
  destination: ActorRef,
  priority: Priority,
  extra: Partial<Header> = {},
): Header {
  nextId += 1;
  return {
    id: nextId,
    visibility: Visibility.VISIBILITY_PRIVATE,
    priority,
    source,
    destination,
    sentAtMs: 86_400_000 + nextId * 1_000,
    ...extra,
  };
}

const H = Priority.PRIORITY_HIGH;
const M = Priority.PRIORITY_MEDIUM;
const L = Priority.PRIORITY_LOW;

const price = (issuer: number, tier: number, value: number, start: number): PriceInfo => ({
  providerId: 1,
  rateLabel: 'TOU-D-PRIME',
  issuerEventId: issuer,
  unitOfMeasure: UnitOfMeasure.UOM_KWH,
  currency: 840,
  priceTrailingDigit: 5,
  priceTier: tier,
  numberOfPriceTiers: 3,
  startTimeS: start,
  durationMinutes: 60,
  price: value,
  kind: PriceKind.PRICE_KIND_RTP,
});

const PREFERENCES: CustomerPreferences = {
  language: 'es-US',
  alertLimits: [{ parameter: AlertParameter.ALERT_PARAMETER_PRICE, threshold: 45_000, enabled: true }],
  minDisplayPriority: Priority.PRIORITY_LOW,
  receivePublicAlerts: true,
};

const CHOICE = {
  programId: 7,
  kind: ProgramKind.PROGRAM_CPP,
  parameters: {
    priceThreshold: 40_000,
    priceTrailingDigit: 5,
    demandLimitW: 3_000,
    followScheduledPrice: true,
    participateDrEvents: true,
    maxEventDurationMinutes: 240,
    cyclingDutyPercent: 50,
    currentTier: 2,
    allowOverride: true,
  },
};

const APPLIANCE_IDENTITY = {
  eui64: EUI64,
  type: ApplianceType.APPLIANCE_HVAC_THERMOSTAT,
  manufacturer: 'Acme Thermo',
  model: 'T-1000',
  deviceClass: DeviceClassBit.DEVICE_CLASS_HVAC_COMPRESSOR_OR_FURNACE,
  firmwareVersion: '2.4.1',
};

/** The text of the 3-language example (FR-19), as CDCS keeps it. */
export const THREE_LANGUAGE_TEXT = [
  {
    language: 'en-US',
    text:
      'Flex Alert: conserve electricity today 4-9 pm. Set your thermostat to 78 F or higher, ' +
      'avoid using major appliances and turn off unnecessary lights.',
  },
  {
    language: 'es-US',
    text:
      'Alerta Flex: ahorre electricidad hoy de 4 a 9 pm. Ajuste su termostato a 78 F o más, ' +
      'evite usar electrodomésticos grandes y apague las luces innecesarias.',
  },
  {
    language: 'zh-Hant',
    text: 'Flex 警報：今天下午4點至9點請節約用電。請將恆溫器設定在華氏78度或以上，避免使用大型電器，並關閉不必要的燈。',
  },
];

export type ExampleTable = { readonly [K in BodyKind]: EnvelopeOf<K> };

export const EXAMPLES: ExampleTable = {
  priceSignal: {
    header: header(CDCS, APPLIANCE, H),
    priceSignal: { current: price(77, 3, 48_123, 3_600), next: price(78, 2, 31_050, 7_200) },
  },
  loadControlEvent: {
    header: header(CDCS, APPLIANCE, H),
    loadControlEvent: {
      issuerEventId: 20_240_815,
      deviceClass: DeviceClassBit.DEVICE_CLASS_HVAC_COMPRESSOR_OR_FURNACE,
      utilityEnrollmentGroup: 4,
      startTimeS: 57_600,
      durationMinutes: 180,
      criticalityLevel: CriticalityLevel.CRITICALITY_LEVEL_2,
      coolingTemperatureOffset: 22,
      dutyCyclePercent: 50,
      randomizeStart: true,
      randomizeEnd: true,
      startRandomizationMinutes: 10,
      endRandomizationMinutes: 10,
      program: ProgramKind.PROGRAM_DLC_CYCLING,
    },
  },
  eventResponse: {
    header: header(APPLIANCE, CDCS, H, { correlationId: 1002 }),
    eventResponse: {
      subjectBody: 3,
      subjectId: 20_240_815,
      status: ResponseStatus.RESPONSE_EVENT_STARTED,
      statusTimeS: 57_912,
      criticalityLevelApplied: CriticalityLevel.CRITICALITY_LEVEL_2,
      dutyCyclePercentApplied: 50,
      randomized: true,
    },
  },
  textMessage: {
    header: header(CDCS, APPLIANCE, M, { language: 'es-US' }),
    textMessage: {
      messageId: 9_001,
      control: { confirmationRequired: true, urgency: MessageUrgency.URGENCY_MEDIUM },
      startTimeS: 0,
      durationMinutes: 1_440,
      variants: [THREE_LANGUAGE_TEXT[1]!],
      originator: 'SCE',
    },
  },
  publicAlert: {
    header: header(CDCS, BROADCAST, H, { visibility: Visibility.VISIBILITY_PUBLIC }),
    publicAlert: {
      alertId: 31,
      kind: AlertKind.ALERT_GRID_RELIABILITY,
      severity: AlertSeverity.ALERT_SEVERITY_WARNING,
      startTimeS: 57_600,
      durationMinutes: 300,
      regionId: 12,
      variants: [
        { language: 'en-US', text: 'Grid emergency: reduce electricity use now.' },
        { language: 'es-US', text: 'Emergencia de la red: reduzca el uso de electricidad ahora.' },
      ],
    },
  },
  powerSystemCondition: {
    header: header(CDCS, APPLIANCE, H),
    powerSystemCondition: {
      conditionId: 5,
      condition: PowerCondition.POWER_CONDITION_UNDER_FREQUENCY,
      frequencyHz: 59.72,
      voltagePu: 0.97,
      frequencyOutOfBand: true,
      measuredAtS: 61_000,
      validMinutes: 10,
      regionId: 12,
    },
  },
  intervalMeterRead: {
    header: header(METER, MDMS, L),
    intervalMeterRead: {
      meterId: 70_001,
      startTimeS: 0,
      intervalMinutes: 15,
      intervalWh: [212, 198, 205, 240, 310, 388, 402, 377, 290, 251, 233, 219],
      summationDeliveredWh: 12_345_678,
    },
  },
  firmwareImageBlock: {
    header: header(NMS, METER, L),
    firmwareImageBlock: {
      manufacturerCode: 0x10_9d,
      imageType: 1,
      fileVersion: 0x02_04_01_00,
      fileOffset: 4_096,
      imageSize: 262_144,
      data: bytes(64, 3),
    },
  },
  touSchedule: {
    header: header(CDCS, APPLIANCE, M),
    touSchedule: {
      providerId: 1,
      issuerEventId: 88,
      rateLabel: 'TOU-D-4-9PM',
      currency: 840,
      unitOfMeasure: UnitOfMeasure.UOM_KWH,
      priceTrailingDigit: 5,
      startTimeS: 86_400,
      intervalMinutes: 60,
      intervals: Array.from({ length: 24 }, (_, h) =>
        h >= 16 && h < 21 ? { tier: 3, price: 52_000 } : h >= 8 && h < 16 ? { tier: 2, price: 33_000 } : { tier: 1, price: 27_000 },
      ),
    },
  },
  priceEventNotice: {
    header: header(CDCS, APPLIANCE, H),
    priceEventNotice: {
      issuerEventId: 501,
      kind: PriceEventKind.PRICE_EVENT_CPP,
      providerId: 1,
      startTimeS: 144_000,
      durationMinutes: 300,
      price: 93_000,
      currency: 840,
      priceTrailingDigit: 5,
      unitOfMeasure: UnitOfMeasure.UOM_KWH,
      cppPriceTier: 1,
    },
  },
  eventInProgress: {
    header: header(CDCS, APPLIANCE, H),
    eventInProgress: {
      issuerEventId: 20_240_815,
      startedAtS: 57_600,
      remainingMinutes: 95,
      criticalityLevel: CriticalityLevel.CRITICALITY_LEVEL_2,
      program: ProgramKind.PROGRAM_DLC_CYCLING,
      deviceClass: 1,
      utilityEnrollmentGroup: 4,
    },
  },
  endOfEvent: {
    header: header(CDCS, APPLIANCE, H),
    endOfEvent: {
      issuerEventId: 20_240_815,
      deviceClass: 1,
      utilityEnrollmentGroup: 4,
      reason: EndReason.END_REASON_CANCELLED,
      randomizeEnd: true,
    },
  },
  messageConfirmation: {
    header: header(APPLIANCE, CDCS, M, { correlationId: 1004 }),
    messageConfirmation: { messageId: 9_001, confirmationTimeS: 60_001, answer: ConfirmationAnswer.CONFIRMATION_ANSWER_YES },
  },
  applianceReport: {
    header: header(APPLIANCE, CDCS, L),
    applianceReport: {
      reportId: 3,
      periodStartS: 0,
      periodEndS: 86_400,
      messages: [
        { subjectBody: 3, subjectId: 20_240_815, receivedAtS: 50_000, lastStatus: ResponseStatus.RESPONSE_EVENT_COMPLETED, displayed: true },
        { subjectBody: 2, subjectId: 77, receivedAtS: 3_590, lastStatus: ResponseStatus.RESPONSE_EVENT_ACKNOWLEDGE, displayed: true },
      ],
      settings: {
        mode: ApplianceMode.APPLIANCE_MODE_NORMAL,
        coolingSetPoint: 2_450,
        heatingSetPoint: 2_000,
        ecoMode: true,
        drOptIn: true,
        language: 'es-US',
      },
      energy: [
        { startS: 0, intervalMinutes: 60, energyWh: 850, peakDemandW: 3_100 },
        { startS: 3_600, intervalMinutes: 60, energyWh: 910, peakDemandW: 3_150 },
      ],
      conditions: [{ condition: PowerCondition.POWER_CONDITION_UNDER_FREQUENCY, observedAtS: 61_000, frequencyHz: 59.72, voltagePu: 0.97, durationS: 40, responded: true }],
      history: [
        { atS: 57_912, kind: HistoryEventKind.HISTORY_LOAD_SHED_START, issuerEventId: 20_240_815 },
        { atS: 62_000, kind: HistoryEventKind.HISTORY_OVERRIDE, issuerEventId: 20_240_815 },
      ],
    },
  },
  loadControlSchedule: {
    header: header(CDCS, APPLIANCE, M),
    loadControlSchedule: {
      scheduleId: 12,
      deviceClass: DeviceClassBit.DEVICE_CLASS_WATER_HEATER,
      utilityEnrollmentGroup: 2,
      effectiveFromS: 86_400,
      windows: [
        { daysOfWeek: 0b0111110, startMinuteOfDay: 16 * 60, durationMinutes: 300, criticalityLevel: CriticalityLevel.CRITICALITY_LEVEL_1, dutyCyclePercent: 0 },
      ],
      randomizeStart: true,
      startRandomizationMinutes: 15,
    },
  },
  billingCycleStart: {
    header: header(CDCS, APPLIANCE, L),
    billingCycleStart: { providerId: 1, issuerEventId: 90, billingPeriodStartS: 2_592_000, billingPeriodDays: 30, billingCycleNumber: 14, rateLabel: 'TOU-D-PRIME' },
  },
  rateAdvice: {
    header: header(CDCS, APPLIANCE, L),
    rateAdvice: {
      adviceId: 1,
      currentRate: 'flat',
      recommendedRate: 'tou',
      savingMills: 4_210,
      periodStartS: 0,
      periodMinutes: 1_410,
      bills: [
        { rateId: 'flat', billMills: 5_120 },
        { rateId: 'tou', billMills: 910 },
      ],
    },
  },
  diagnosticTest: {
    header: header(CSS, APPLIANCE, M),
    diagnosticTest: { testId: 17, kind: DiagnosticKind.DIAGNOSTIC_ECHO, payload: bytes(32, 9), requestedAtS: 70_000 },
  },
  diagnosticResult: {
    header: header(APPLIANCE, CSS, M, { correlationId: 1018 }),
    diagnosticResult: { testId: 17, kind: DiagnosticKind.DIAGNOSTIC_ECHO, passed: true, roundTripMs: 8_400, payloadEcho: bytes(32, 9) },
  },
  overrideNotice: {
    header: header(APPLIANCE, CDCS, H),
    overrideNotice: {
      issuerEventId: 20_240_815,
      subjectBody: 3,
      overrideAtS: 62_000,
      kind: OverrideKind.OVERRIDE_SETTINGS_CHANGE,
      action: CustomerAction.CUSTOMER_ACTION_SET_POINT_CHANGE,
      changes: [{ setting: SettingKind.SETTING_COOLING_SET_POINT, oldValue: 2_670, newValue: 2_450 }],
      remainingEventMinutes: 55,
      loadImpactW: 1_800,
    },
  },
  overrideForward: {
    header: header(CDCS, CSS, H),
    overrideForward: {
      accountNumber: '2-345-678-901',
      premiseId: 'P-99812',
      applianceActorId: 424_242,
      programId: 7,
      program: ProgramKind.PROGRAM_DLC_CYCLING,
      notice: { issuerEventId: 20_240_815, subjectBody: 3, overrideAtS: 62_000, kind: OverrideKind.OVERRIDE_EXPLICIT, action: CustomerAction.CUSTOMER_ACTION_OVERRIDE_BUTTON },
      receivedAtS: 62_003,
    },
  },
  overrideToMdms: {
    header: header(CDCS, MDMS, M),
    overrideToMdms: {
      accountNumber: '2-345-678-901',
      premiseId: 'P-99812',
      applianceActorId: 424_242,
      program: ProgramKind.PROGRAM_DLC_CYCLING,
      notice: { issuerEventId: 20_240_815, subjectBody: 3, overrideAtS: 62_000, kind: OverrideKind.OVERRIDE_EXPLICIT },
    },
  },
  applianceReportForward: {
    header: header(CDCS, CSS, L),
    applianceReportForward: {
      accountNumber: '2-345-678-901',
      applianceActorId: 424_242,
      report: { reportId: 3, periodStartS: 0, periodEndS: 86_400, energy: [{ startS: 0, intervalMinutes: 1_440, energyWh: 21_400 }] },
    },
  },
  meteringReport: {
    header: header(METER, APPLIANCE, L),
    meteringReport: {
      meterId: 70_001,
      instantaneousDemandW: 3_412,
      summationDeliveredWh: 12_345_678,
      readingTimeMs: 61_000_250,
      trigger: MeteringTrigger.METERING_TRIGGER_CHANGE,
      sequence: 2_031,
    },
  },
  registrationRequest: {
    header: header(CUSTOMER, WEB, M),
    registrationRequest: {
      customer: {
        accountNumber: '2-345-678-901',
        name: 'María López',
        serviceAddress: '123 Orange Grove Ave, Pasadena CA 91105',
        premiseId: 'P-99812',
        email: 'maria@example.com',
        financialReference: '4417',
        channel: ContactChannel.CONTACT_CHANNEL_WEB_SITE,
      },
      appliance: APPLIANCE_IDENTITY,
      installCode: bytes(18, 41),
      enroll: true,
      choice: CHOICE,
      preferences: PREFERENCES,
    },
  },
  programOffer: {
    header: header(WEB, CUSTOMER, M),
    programOffer: {
      registrationId: 31_337,
      identityVerified: true,
      applianceTypeApproved: true,
      programs: [
        { programId: 7, kind: ProgramKind.PROGRAM_CPP, name: 'Critical Peak Pricing', eligibleTypes: [ApplianceType.APPLIANCE_HVAC_THERMOSTAT, ApplianceType.APPLIANCE_POOL_PUMP] },
        { programId: 9, kind: ProgramKind.PROGRAM_DLC_CYCLING, name: 'Summer Discount Plan', description: 'AC cycling, 50% or 100%' },
      ],
    },
  },
  programSelection: {
    header: header(CUSTOMER, WEB, M),
    programSelection: { registrationId: 31_337, enroll: true, choice: CHOICE, preferences: PREFERENCES },
  },
  registrationResult: {
    header: header(CSS, CUSTOMER, M),
    registrationResult: {
      registrationId: 31_337,
      status: RegistrationStatus.REGISTRATION_REJECTED,
      reason: RejectReason.REJECT_UNAPPROVED_TYPE,
      detail: 'appliance type not on the approved list',
    },
  },
  deviceManagement: {
    header: header(WEB, CSS, M),
    deviceManagement: {
      action: DeviceAction.DEVICE_ACTION_CHANGE_PREFERENCES,
      accountNumber: '2-345-678-901',
      registrationId: 31_337,
      eui64: EUI64,
      preferences: { language: 'en-US', alertLimits: [{ parameter: AlertParameter.ALERT_PARAMETER_DEMAND_W, threshold: 5_000, enabled: true }] },
      channel: ContactChannel.CONTACT_CHANNEL_WEB_SITE,
    },
  },
  commissioningRequest: {
    header: header(CSS, NMS, M),
    commissioningRequest: {
      registrationId: 31_337,
      accountNumber: '2-345-678-901',
      premiseId: 'P-99812',
      meterId: 70_001,
      appliance: APPLIANCE_IDENTITY,
      installCode: bytes(18, 41),
    },
  },
  bindRequest: {
    header: header(NMS, APPLIANCE, M),
    bindRequest: {
      meterId: 70_001,
      panId: 0x1a2b,
      extendedPanId: bytes(8, 200),
      channel: 15,
      permitJoinSeconds: 180,
      expectedEui64: EUI64,
      linkKeyMethod: LinkKeyMethod.LINK_KEY_INSTALL_CODE,
      trustCenterEui64: bytes(8, 100),
    },
  },
  deviceIdentification: {
    header: header(APPLIANCE, NMS, M),
    deviceIdentification: {
      appliance: APPLIANCE_IDENTITY,
      keyMaterial: { kind: KeyMaterialKind.KEY_MATERIAL_CBKE_CERT_163K1, data: bytes(48, 7) },
      meterId: 70_001,
    },
  },
  authenticationParameters: {
    header: header(NMS, APPLIANCE, M),
    authenticationParameters: {
      result: AuthResult.AUTH_OK,
      networkKey: bytes(16, 11),
      keySequenceNumber: 3,
      linkKey: bytes(16, 13),
      trustCenterEui64: bytes(8, 100),
      keyLifetimeS: 31_536_000,
    },
  },
  authenticationAck: {
    header: header(APPLIANCE, NMS, M, { correlationId: 1032 }),
    authenticationAck: { keySequenceNumber: 3, parametersApplied: true, keyConfirmation: bytes(16, 17) },
  },
  connectionAuthenticated: {
    header: header(NMS, CSS, M),
    connectionAuthenticated: {
      registrationId: 31_337,
      accountNumber: '2-345-678-901',
      meterId: 70_001,
      eui64: EUI64,
      applianceActorId: 424_242,
      authenticated: true,
      authenticatedAtS: 3_700,
    },
  },
  configurationRequest: {
    header: header(CSS, CDCS, M),
    configurationRequest: {
      registrationId: 31_337,
      accountNumber: '2-345-678-901',
      applianceActorId: 424_242,
      eui64: EUI64,
      program: CHOICE,
      preferences: PREFERENCES,
      messagingGroups: [3, 17],
    },
  },
  configurationMessage: {
    header: header(CDCS, APPLIANCE, M, { language: 'es-US' }),
    configurationMessage: {
      configId: 1,
      programGroupCode: 'CPP-RES-A',
      utilityEnrollmentGroup: 4,
      programKind: ProgramKind.PROGRAM_CPP,
      deviceClass: 1,
      pricing: {
        providerId: 1,
        rateLabel: 'TOU-D-PRIME',
        currency: 840,
        unitOfMeasure: UnitOfMeasure.UOM_KWH,
        priceTrailingDigit: 5,
        numberOfTiers: 3,
        tierLabels: ['Off-peak', 'Mid-peak', 'On-peak'],
        currentTier: 1,
      },
      timeZoneOffsetMinutes: -480,
      dstOffsetMinutes: 60,
      reportingIntervalMinutes: 1_440,
      startRandomizationMinutes: 10,
      stopRandomizationMinutes: 10,
      language: 'es-US',
      alertLimits: PREFERENCES.alertLimits,
      messagingGroups: [3, 17],
      messageRetentionHours: 24,
    },
  },
  configurationConfirmation: {
    header: header(APPLIANCE, CDCS, M, { correlationId: 1036 }),
    configurationConfirmation: { configId: 1, status: ConfigStatus.CONFIG_APPLIED, appliedAtS: 3_760 },
  },
  configurationForward: {
    header: header(CDCS, CSS, M),
    configurationForward: {
      registrationId: 31_337,
      accountNumber: '2-345-678-901',
      applianceActorId: 424_242,
      confirmation: { configId: 1, status: ConfigStatus.CONFIG_APPLIED, appliedAtS: 3_760 },
    },
  },
};

/** A text message as CDCS keeps it internally (CSS -> CDCS request), with three language variants (FR-19). */
export const THREE_LANGUAGE_TEXT_ENVELOPE: EnvelopeOf<'textMessage'> = {
  header: header(CSS, CDCS, M),
  textMessage: {
    messageId: 9_002,
    control: { confirmationRequired: false, urgency: MessageUrgency.URGENCY_HIGH },
    durationMinutes: 300,
    variants: THREE_LANGUAGE_TEXT,
    originator: 'SCE',
  },
};
