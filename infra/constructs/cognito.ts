import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StringAttribute,
  UserPool,
  type UserPoolClient,
  UserPoolClientIdentityProvider,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { StaffOidc } from './staff.ts';

/** The staff roles (shared/staff) as Cognito groups: the ID token lists them in `cognito:groups`. */
export const STAFF_GROUPS = ['admin', 'moderator', 'drafter'] as const;

export interface StaffUserPoolProps {
  readonly origin: string;
  /** @default `yijian-staff-<account id>` */
  readonly domainPrefix?: string;
}

/**
 * Staff accounts in a Cognito user pool (global regions only: the China regions offer no user pools). Users
 * are created by an administrator, never by sign-up; MFA (TOTP) is required; the office is the custom
 * attribute `office` (ID token claim `custom:office`, absent = all offices).
 */
export class StaffUserPool extends Construct {
  public readonly userPool: UserPool;
  public readonly client: UserPoolClient;
  public readonly oidc: StaffOidc;
  public readonly signInUrl: string;

  public constructor(scope: Construct, id: string, props: StaffUserPoolProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: 'yijian-staff',
      selfSignUpEnabled: false,
      signInAliases: { username: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.NONE,
      featurePlan: FeaturePlan.ESSENTIALS,
      customAttributes: { office: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }) },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const group of STAFF_GROUPS) {
      new CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: this.userPool.userPoolId,
        groupName: group,
        description: `Yijian staff role ${group}`,
      });
    }
    const domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: props.domainPrefix ?? `yijian-staff-${Stack.of(this).account}` },
    });
    // A public client with PKCE: the staff API keeps the code verifier server-side in the pending sign-in,
    // so no client secret has to travel through CloudFormation (Cognito generates it only as an output).
    this.client = this.userPool.addClient('StaffApiClient', {
      generateSecret: false,
      authFlows: {},
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.PROFILE],
        callbackUrls: [`${props.origin}/api/staff/auth/callback`],
        logoutUrls: [`${props.origin}/staff/`],
      },
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ preferredUsername: true, fullname: true })
        .withCustomAttributes('office'),
      writeAttributes: new ClientAttributes(),
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.minutes(10),
      accessTokenValidity: Duration.minutes(10),
      refreshTokenValidity: Duration.hours(12),
    });
    this.signInUrl = domain.baseUrl();
    this.oidc = {
      issuer: this.userPool.userPoolProviderUrl,
      clientId: this.client.userPoolClientId,
      rolesClaim: 'cognito:groups',
      officeClaim: 'custom:office',
      scope: 'openid profile',
      // Cognito access tokens carry `client_id`, no `aud` and no `typ`: bearer tokens then fail the audience
      // check (closed), while browser sign-in uses the ID token, whose `aud` is this client.
      audience: this.client.userPoolClientId,
      accessTokenType: '',
    };
    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG3',
        reason:
          'Threat protection (advanced security) needs the Cognito Plus plan, a cost the office decides on. What ' +
          'protects staff accounts today: no self sign-up, TOTP MFA required, a 14-character password policy, ' +
          'and every staff action audited by the staff API.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'The Plus feature plan (threat protection) is a cost decision of the office; the Essentials plan with ' +
          'required TOTP MFA and administrator-created accounts is what protects staff sign-in today.',
      },
    );
  }
}
