// A software WebAuthn platform authenticator for API tests: real P-256 keys, real CBOR and real
// signatures, so the server's verification runs unchanged. Flags (UV, backup) and the signature
// counter can be set per call to play clones and authenticators without user verification.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString("base64url");

export interface SoftCredential {
  id: string;
  privateKey: KeyObject;
  cosePublicKey: Uint8Array;
  userHandle: string | null;
  counter: number;
}

export interface CeremonyOptions {
  origin?: string;
  rpId?: string;
  userVerified?: boolean;
  counter?: number;
}

function flags(options: { userVerified: boolean; attested?: boolean }): number {
  return 0x01 | (options.userVerified ? 0x04 : 0) | (options.attested ? 0x40 : 0);
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
}

function clientData(type: "webauthn.create" | "webauthn.get", challenge: string, origin: string): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

export class SoftAuthenticator {
  readonly credentials: SoftCredential[] = [];

  constructor(
    readonly origin = "http://localhost:3999",
    readonly rpId = "localhost",
  ) {}

  /** Answers PublicKeyCredentialCreationOptionsJSON like navigator.credentials.create. */
  register(options: { challenge: string; user: { id: string } }, ceremony: CeremonyOptions = {}) {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = publicKey.export({ format: "jwk" }) as { x: string; y: string };
    const cose = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, isoBase64URL.toBuffer(jwk.x)],
        [-3, isoBase64URL.toBuffer(jwk.y)],
      ]),
    );
    const credentialId = randomBytes(16);
    const counter = ceremony.counter ?? 0;
    const authData = Buffer.concat([
      createHash("sha256")
        .update(ceremony.rpId ?? this.rpId)
        .digest(),
      Buffer.from([flags({ userVerified: ceremony.userVerified ?? true, attested: true })]),
      u32(counter),
      Buffer.alloc(16),
      Buffer.from([credentialId.length >> 8, credentialId.length & 0xff]),
      credentialId,
      Buffer.from(cose),
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", new Uint8Array(authData)],
      ]) as never,
    );
    const credential: SoftCredential = { id: b64url(credentialId), privateKey, cosePublicKey: cose, userHandle: options.user.id, counter };
    this.credentials.push(credential);
    return {
      id: credential.id,
      rawId: credential.id,
      type: "public-key" as const,
      response: {
        clientDataJSON: b64url(clientData("webauthn.create", options.challenge, ceremony.origin ?? this.origin)),
        attestationObject: b64url(attestationObject),
        transports: ["internal"],
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform" as const,
    };
  }

  /** Answers PublicKeyCredentialRequestOptionsJSON like navigator.credentials.get (counter +1 unless given). */
  assert(options: { challenge: string }, ceremony: CeremonyOptions & { credential?: SoftCredential } = {}) {
    const credential = ceremony.credential ?? this.credentials[0];
    if (!credential) throw new Error("no credential");
    credential.counter = ceremony.counter ?? credential.counter + 1;
    const authData = Buffer.concat([
      createHash("sha256")
        .update(ceremony.rpId ?? this.rpId)
        .digest(),
      Buffer.from([flags({ userVerified: ceremony.userVerified ?? true })]),
      u32(credential.counter),
    ]);
    const data = clientData("webauthn.get", options.challenge, ceremony.origin ?? this.origin);
    const signature = sign("sha256", Buffer.concat([authData, createHash("sha256").update(data).digest()]), credential.privateKey);
    return {
      id: credential.id,
      rawId: credential.id,
      type: "public-key" as const,
      response: {
        clientDataJSON: b64url(data),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...(credential.userHandle ? { userHandle: credential.userHandle } : {}),
      },
      clientExtensionResults: {},
      authenticatorAttachment: "platform" as const,
    };
  }
}
