// Trusted-device management: the user lists, renames and revokes their devices; admins list and
// revoke any user's. Revoking a device also ends everything it vouched for: approvals not yet
// redeemed, authorization codes not yet exchanged, and every refresh/access token family that was
// signed in through it.
import { db, type Tx } from "@/lib/db";
import type { Device } from "@/lib/db/generated/client";
import { emit, type DomainEvent } from "@/lib/events/emit";
import { ProductError } from "@/lib/errors/product";
import { revokeFamily } from "@/lib/oauth/revoke-tokens";
import { cleanDeviceName } from "./device-name";

export interface DeviceView {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  flaggedAt: Date | null;
  deviceType: string;
  backedUp: boolean;
  userVerified: boolean;
}

function view(device: Device): DeviceView {
  return {
    id: device.id,
    name: device.name,
    createdAt: device.createdAt,
    lastUsedAt: device.lastUsedAt,
    revokedAt: device.revokedAt,
    flaggedAt: device.flaggedAt,
    deviceType: device.deviceType,
    backedUp: device.backedUp,
    userVerified: device.userVerified,
  };
}

/** The user's devices, newest first; revoked ones only when asked (admins). */
export async function listDevices(userId: string, options: { includeRevoked?: boolean } = {}): Promise<DeviceView[]> {
  const devices = await db().device.findMany({
    where: { userId, ...(options.includeRevoked ? {} : { revokedAt: null }) },
    orderBy: { createdAt: "desc" },
  });
  return devices.map(view);
}

export async function renameDevice(input: { userId: string; deviceId: string; name: string; ip?: string | null; requestId?: string | null }): Promise<DeviceView> {
  const name = cleanDeviceName(input.name);
  if (!name) throw new ProductError("validation_failed", "The name must not be empty");
  return db().$transaction(async (tx) => {
    const device = await tx.device.findFirst({ where: { id: input.deviceId, userId: input.userId, revokedAt: null } });
    if (!device) throw new ProductError("device_not_found");
    const updated = await tx.device.update({ where: { id: device.id }, data: { name } });
    await emit(tx, {
      type: "device.renamed",
      actor: { type: "user", id: input.userId },
      userId: input.userId,
      subjectId: device.id,
      ip: input.ip,
      requestId: input.requestId,
      data: { from: device.name, to: name },
    });
    return view(updated);
  });
}

export interface RevokedDevice {
  device: DeviceView;
  revoked: { refresh_tokens: number; access_tokens: number; login_requests: number; authorization_codes: number };
}

/** The user revokes one of their devices (id of another user's device → not found). */
export function revokeDevice(input: { userId: string; deviceId: string; ip?: string | null; requestId?: string | null }): Promise<RevokedDevice> {
  return revoke({ deviceId: input.deviceId, userId: input.userId, actor: { type: "user", id: input.userId }, ip: input.ip, requestId: input.requestId, reason: "user" });
}

/** An admin (or the CLI) revokes a user's device. The admin UI calls this. */
export function revokeDeviceAsAdmin(input: { userId: string; deviceId: string; actor: DomainEvent["actor"]; reason?: string; ip?: string | null; requestId?: string | null }): Promise<RevokedDevice> {
  return revoke({ ...input, reason: input.reason ?? "admin" });
}

/** Every device of a user for admins, revoked and flagged ones included. */
export function listDevicesForAdmin(userId: string): Promise<DeviceView[]> {
  return listDevices(userId, { includeRevoked: true });
}

async function revoke(input: { deviceId: string; userId: string; actor: DomainEvent["actor"]; reason: string; ip?: string | null; requestId?: string | null }): Promise<RevokedDevice> {
  return db().$transaction(async (tx) => {
    const now = new Date();
    const { count } = await tx.device.updateMany({ where: { id: input.deviceId, userId: input.userId, revokedAt: null }, data: { revokedAt: now } });
    if (count !== 1) throw new ProductError("device_not_found");
    const revoked = await endWhatDeviceVouchedFor(tx, input.deviceId, now);
    const device = await tx.device.findUniqueOrThrow({ where: { id: input.deviceId } });
    await emit(tx, {
      type: "device.revoked",
      actor: input.actor,
      userId: input.userId,
      subjectId: input.deviceId,
      ip: input.ip,
      requestId: input.requestId,
      data: { name: device.name, reason: input.reason, revoked },
    });
    return { device: view(device), revoked };
  });
}

async function endWhatDeviceVouchedFor(tx: Tx, deviceId: string, now: Date): Promise<RevokedDevice["revoked"]> {
  const requests = await tx.loginRequest.updateMany({
    where: { deviceId, status: "approved", redeemedAt: null },
    data: { status: "cancelled" },
  });
  const codes = await tx.authorizationCode.updateMany({ where: { deviceId, consumedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });
  const families = await tx.refreshToken.findMany({ where: { deviceId }, select: { familyId: true }, distinct: ["familyId"] });
  let refresh = 0;
  let access = 0;
  for (const { familyId } of families) {
    const counts = await revokeFamily(tx, familyId, now);
    refresh += counts.refresh_tokens;
    access += counts.access_tokens;
  }
  return { refresh_tokens: refresh, access_tokens: access, login_requests: requests.count, authorization_codes: codes.count };
}

/** Whether a session signed in through this device may still be used. */
export async function isDeviceLive(deviceId: string): Promise<boolean> {
  const device = await db().device.findUnique({ where: { id: deviceId }, select: { revokedAt: true, flaggedAt: true } });
  return Boolean(device && !device.revokedAt && !device.flaggedAt);
}
