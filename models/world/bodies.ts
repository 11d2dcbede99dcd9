/**
 * Message bodies of the C5 exchanges, built on the realistic examples of models/wire (so encoded sizes
 * are those of real ZigBee SE / IEEE 2030.5-style messages) with the fields that vary per device,
 * program and event filled in.
 */
import type { ApplianceType as ScenarioApplianceType } from '../../scenarios/types.ts';
import { ApplianceType, CriticalityLevel, ProgramKind, ResponseStatus } from '../wire/codec.ts';
import { EXAMPLES } from '../wire/examples.ts';
import type { DeviceType } from './population.ts';

export const WIRE_TYPE: Record<DeviceType, number> = {
  thermostat: ApplianceType.APPLIANCE_HVAC_THERMOSTAT,
  water_heater: ApplianceType.APPLIANCE_WATER_HEATER,
  refrigerator: ApplianceType.APPLIANCE_REFRIGERATOR,
  clothes_washer: ApplianceType.APPLIANCE_CLOTHES_WASHER,
  clothes_dryer: ApplianceType.APPLIANCE_CLOTHES_DRYER,
  dishwasher: ApplianceType.APPLIANCE_DISHWASHER,
  pool_pump: ApplianceType.APPLIANCE_POOL_PUMP,
  ev_charger: ApplianceType.APPLIANCE_EV_CHARGER,
  smart_plug: ApplianceType.APPLIANCE_SMART_PLUG,
  ihd: ApplianceType.APPLIANCE_IN_HOME_DISPLAY,
  ems: ApplianceType.APPLIANCE_ENERGY_MANAGEMENT_SYSTEM,
};

export const WIRE_PROGRAM: Record<string, number> = {
  TOU: ProgramKind.PROGRAM_TOU,
  CPP: ProgramKind.PROGRAM_CPP,
  PTR: ProgramKind.PROGRAM_PTR,
  RTP: ProgramKind.PROGRAM_RTP,
  DLC: ProgramKind.PROGRAM_DLC_CYCLING,
  DEMAND_LIMIT: ProgramKind.PROGRAM_DEMAND_LIMIT,
};

/** An EUI-64 whose tail is the device's hardware id (FR-10). */
export function eui64(hardwareId: number): Uint8Array {
  return Uint8Array.of(0x00, 0x0d, 0x6f, 0x00, (hardwareId >>> 24) & 255, (hardwareId >>> 16) & 255, (hardwareId >>> 8) & 255, hardwareId & 255);
}

export function hardwareIdOf(eui: Uint8Array | undefined): number {
  if (!eui || eui.length !== 8) return -1;
  return ((eui[4] << 24) | (eui[5] << 16) | (eui[6] << 8) | eui[7]) >>> 0;
}

export function identity(hardwareId: number, type: DeviceType) {
  return { ...EXAMPLES.registrationRequest.registrationRequest.appliance, eui64: eui64(hardwareId), type: WIRE_TYPE[type] };
}

export function registrationRequest(account: number, hardwareId: number, type: DeviceType, viaCsr: boolean, language: string) {
  const base = EXAMPLES.registrationRequest.registrationRequest;
  return {
    customer: { ...base.customer, accountNumber: `${account}`, premiseId: `P-${account}`, channel: viaCsr ? 1 : 3 },
    appliance: identity(hardwareId, type),
    installCode: base.installCode,
    preferences: { ...base.preferences, language },
  };
}

export function programOffer(registrationId: number, programs: { id: number; kind: string; name: string; types: ScenarioApplianceType[] }[]) {
  return {
    registrationId,
    identityVerified: true,
    applianceTypeApproved: true,
    programs: programs.map((p) => ({ programId: p.id + 1, kind: WIRE_PROGRAM[p.kind], name: p.name, eligibleTypes: p.types.map((t) => WIRE_TYPE[t]) })),
  };
}

export function programSelection(registrationId: number, programIndex: number, programKind: string | undefined, language: string) {
  const base = EXAMPLES.programSelection.programSelection;
  return programIndex < 0
    ? { registrationId, preferences: { ...base.preferences, language } }
    : { registrationId, enroll: true, choice: { ...base.choice, programId: programIndex + 1, kind: WIRE_PROGRAM[programKind!] }, preferences: { ...base.preferences, language } };
}

export function registrationResult(registrationId: number, accepted: boolean, reason = 0, detail = '') {
  return accepted ? { registrationId, status: 1 } : { registrationId, status: 2, reason, ...(detail ? { detail } : {}) };
}

export function commissioningRequest(registrationId: number, meterId: number, claimedId: number, claimedType: DeviceType) {
  return { ...EXAMPLES.commissioningRequest.commissioningRequest, registrationId, accountNumber: `${meterId}`, premiseId: `P-${meterId}`, meterId, appliance: identity(claimedId, claimedType) };
}

export function bindRequest(meterId: number, expectedId: number) {
  return { ...EXAMPLES.bindRequest.bindRequest, meterId, expectedEui64: eui64(expectedId) };
}

export function deviceIdentification(meterId: number, hardwareId: number, type: DeviceType) {
  return { ...EXAMPLES.deviceIdentification.deviceIdentification, meterId, appliance: identity(hardwareId, type) };
}

export const authenticationParameters = () => EXAMPLES.authenticationParameters.authenticationParameters;
export const authenticationAck = () => EXAMPLES.authenticationAck.authenticationAck;

export function connectionAuthenticated(registrationId: number, meterId: number, hardwareId: number, deviceActor: number, atS: number) {
  return { ...EXAMPLES.connectionAuthenticated.connectionAuthenticated, registrationId, accountNumber: `${meterId}`, meterId, eui64: eui64(hardwareId), applianceActorId: deviceActor, authenticatedAtS: atS };
}

export function configurationRequest(registrationId: number, deviceActor: number, hardwareId: number, language: string, groups: number[]) {
  const base = EXAMPLES.configurationRequest.configurationRequest;
  return { ...base, registrationId, applianceActorId: deviceActor, eui64: eui64(hardwareId), preferences: { ...base.preferences, language }, messagingGroups: groups };
}

export function configurationMessage(configId: number, programIndex: number, programKind: string | undefined, language: string, groups: number[]) {
  const base = EXAMPLES.configurationMessage.configurationMessage;
  return {
    ...base,
    configId,
    programGroupCode: programIndex < 0 ? 'REGISTERED' : `${programKind}-${programIndex + 1}`,
    utilityEnrollmentGroup: programIndex + 1,
    programKind: programIndex < 0 ? ProgramKind.PROGRAM_NONE : WIRE_PROGRAM[programKind!],
    language,
    messagingGroups: groups,
  };
}

export const configurationConfirmation = (configId: number, atS: number) => ({ configId, status: 1, appliedAtS: atS });

export function configurationForward(registrationId: number, deviceActor: number, configId: number, atS: number) {
  return { ...EXAMPLES.configurationForward.configurationForward, registrationId, applianceActorId: deviceActor, confirmation: configurationConfirmation(configId, atS) };
}

export function eventResponse(subjectBody: number, subjectId: number, status: number, atS: number) {
  return { subjectBody, subjectId, status, statusTimeS: atS };
}

/** Scenario criticality 1…5 → ZigBee DRLC criticality level 1…5; 6 and above → emergency. */
export function criticality(level: number): number {
  return level >= 6 ? CriticalityLevel.CRITICALITY_EMERGENCY : CriticalityLevel.CRITICALITY_LEVEL_1 + Math.max(0, Math.min(4, level - 1));
}

export { ResponseStatus };
