import { Match, type Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import { policyStatements } from './synth.ts';

/** The one function whose description starts with `prefix`, as [logical id, resource]. */
export function functionNamed(template: Template, prefix: string) {
  const found = Object.entries(
    template.findResources('AWS::Lambda::Function', {
      Properties: { Description: Match.stringLikeRegexp(`^${prefix}`) },
    }),
  );
  expect(found).toHaveLength(1);
  const [entry] = found;
  if (entry === undefined) throw new Error(`no function ${prefix}`);
  return { id: entry[0], fn: entry[1] };
}

/**
 * Logical ids of the secrets in the template besides the public API's own two (origin-verify value and abuse
 * key, named by its environment), i.e. the secrets of staff sign-in.
 */
export function signInSecrets(template: Template): string[] {
  const { fn } = functionNamed(template, 'Yijian public API');
  const env = fn.Properties.Environment.Variables;
  const publicApis = [env.ORIGIN_VERIFY_SECRET_ID?.Ref, env.ABUSE_KEY_SECRET_ID?.Ref];
  expect(publicApis).toEqual([expect.any(String), expect.any(String)]);
  return Object.keys(template.findResources('AWS::SecretsManager::Secret')).filter(
    (id) => !publicApis.includes(id),
  );
}

/** The statements of the policy attached to the role of the function with logical id `functionId`. */
export function statementsOf(template: Template, functionId: string) {
  const fn = template.toJSON().Resources[functionId];
  const roleId: string = fn.Properties.Role['Fn::GetAtt'][0];
  const policies = Object.entries(template.findResources('AWS::IAM::Policy'))
    .filter(([, p]) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === roleId))
    .map(([id]) => id);
  return policyStatements(template).filter((s) => policies.includes(s.policy));
}

/**
 * Where a secret value could leak into the template: a secret's literal SecretString, a secret-named
 * environment variable that is not a reference (`…_ID`), or any literal environment value or custom resource
 * property that looks like key material (a PEM block, a private JWK, a long random run).
 */
export function secretLookingValues(template: Template): string[] {
  const found: string[] = [];
  const looksSecret = (value: unknown) =>
    typeof value === 'string' &&
    (/-----BEGIN [A-Z ]*PRIVATE KEY-----|"d"\s*:/.test(value) || /^[A-Za-z0-9_+/=-]{24,}$/.test(value));
  for (const [id, secret] of Object.entries(template.findResources('AWS::SecretsManager::Secret'))) {
    if (secret.Properties.SecretString !== undefined) found.push(`${id}: literal SecretString`);
  }
  for (const [id, fn] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
    for (const [name, value] of Object.entries(fn.Properties.Environment?.Variables ?? {})) {
      if (/SECRET|PASSWORD|PRIVATE/.test(name) && !/_ID$/.test(name)) found.push(`${id}: ${name}`);
      if (looksSecret(value)) found.push(`${id}: ${name} looks like a secret`);
    }
  }
  const custom = template.toJSON().Resources as Record<string, { Type: string; Properties?: object }>;
  for (const [id, resource] of Object.entries(custom)) {
    if (!String(resource.Type).startsWith('Custom::Yijian')) continue;
    for (const [name, value] of Object.entries(resource.Properties ?? {})) {
      if (looksSecret(value)) found.push(`${id}: ${name} looks like a secret`);
    }
  }
  return found;
}
