import type { KeyVaultState } from "../keyvault/key-vault-state.js";

/** A scope the emulated subscription has, in ARM's canonical spelling. */
export type ArmScope =
  | { kind: "subscription"; id: string }
  | { kind: "resourceGroup"; id: string }
  | { kind: "vault"; id: string };

/** Why a path names nothing: ARM's 404 code and message. */
export interface ArmScopeError {
  code: string;
  message: string;
}

/**
 * Resolves an ARM scope path (case-insensitive, as ARM treats them) against the one
 * subscription, resource group and vault the emulator has.
 */
export function resolveArmScope(path: string, vault: KeyVaultState): ArmScope | ArmScopeError {
  const segments = path.split("/").filter(Boolean);
  const [
    subscriptions,
    subscriptionId,
    resourceGroups,
    resourceGroup,
    providers,
    namespace,
    type,
    name,
    ...rest
  ] = segments;
  const eq = (a: string | undefined, b: string) => (a ?? "").toLowerCase() === b.toLowerCase();
  if (!eq(subscriptions, "subscriptions") || !subscriptionId) {
    return { code: "InvalidScope", message: `The scope '${path}' is not valid.` };
  }
  if (!eq(subscriptionId, vault.subscriptionId)) {
    return {
      code: "SubscriptionNotFound",
      message: `The subscription '${subscriptionId}' could not be found.`,
    };
  }
  const subscription = `/subscriptions/${vault.subscriptionId}`;
  if (segments.length === 2) return { kind: "subscription", id: subscription };
  if (!eq(resourceGroups, "resourceGroups") || !resourceGroup) {
    return { code: "InvalidScope", message: `The scope '${path}' is not valid.` };
  }
  if (!eq(resourceGroup, vault.resourceGroup)) {
    return {
      code: "ResourceGroupNotFound",
      message: `Resource group '${resourceGroup}' could not be found.`,
    };
  }
  const group = `${subscription}/resourceGroups/${vault.resourceGroup}`;
  if (segments.length === 4) return { kind: "resourceGroup", id: group };
  const isVault =
    eq(providers, "providers") &&
    eq(namespace, "Microsoft.KeyVault") &&
    eq(type, "vaults") &&
    rest.length === 0;
  if (isVault && eq(name, vault.vaultName)) return { kind: "vault", id: vault.armResourceId };
  return {
    code: "ResourceNotFound",
    message: `The Resource '${namespace ?? ""}/${type ?? ""}/${name ?? ""}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  };
}

export const isScopeError = (value: ArmScope | ArmScopeError): value is ArmScopeError => "code" in value;
