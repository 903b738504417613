'use strict';
// A local stand-in for the Cognito user pools API (JSON 1.1 over HTTP on 127.0.0.1), for the
// two operations attach-trigger.js calls. It models what makes attaching a trigger dangerous:
// UpdateUserPool resets every updatable setting the request omits.
const http = require('node:http');
const { UpdateUserPoolRequest$ } = require('@aws-sdk/client-cognito-identity-provider');

const UPDATE_MEMBERS = new Set(UpdateUserPoolRequest$[4]);

/** A pool with every setting UpdateUserPool takes set away from its default. */
function fullyConfiguredPool(id = 'eu-west-1_AbCdEf123') {
  return {
    Id: id,
    Name: 'customers',
    Arn: `arn:aws:cognito-idp:eu-west-1:123456789012:userpool/${id}`,
    Status: 'Enabled',
    CreationDate: 1700000000,
    LastModifiedDate: 1700000000,
    EstimatedNumberOfUsers: 42,
    Policies: {
      PasswordPolicy: { MinimumLength: 14, RequireUppercase: true, RequireLowercase: true, RequireNumbers: true,
        RequireSymbols: false, PasswordHistorySize: 5, TemporaryPasswordValidityDays: 2 },
      SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] },
    },
    DeletionProtection: 'ACTIVE',
    LambdaConfig: {
      PreSignUp: 'arn:aws:lambda:eu-west-1:123456789012:function:pre-sign-up',
      PostConfirmation: 'arn:aws:lambda:eu-west-1:123456789012:function:post-confirmation',
      PreTokenGeneration: 'arn:aws:lambda:eu-west-1:123456789012:function:old-trigger',
      PreTokenGenerationConfig: { LambdaArn: 'arn:aws:lambda:eu-west-1:123456789012:function:old-trigger', LambdaVersion: 'V1_0' },
      CustomEmailSender: { LambdaArn: 'arn:aws:lambda:eu-west-1:123456789012:function:mailer', LambdaVersion: 'V1_0' },
      KMSKeyID: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    },
    SchemaAttributes: [{ Name: 'email', AttributeDataType: 'String', Mutable: true, Required: true }],
    AutoVerifiedAttributes: ['email'],
    UsernameAttributes: ['email'],
    SmsVerificationMessage: 'Your code is {####}',
    EmailVerificationMessage: 'Verify with {####}',
    EmailVerificationSubject: 'Verify your e-mail',
    VerificationMessageTemplate: { SmsMessage: 'Your code is {####}', EmailMessage: 'Verify with {####}',
      EmailSubject: 'Verify your e-mail', DefaultEmailOption: 'CONFIRM_WITH_CODE' },
    SmsAuthenticationMessage: 'Sign-in code {####}',
    UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
    MfaConfiguration: 'OPTIONAL',
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    EmailConfiguration: { EmailSendingAccount: 'DEVELOPER', SourceArn: 'arn:aws:ses:eu-west-1:123456789012:identity/example.com',
      From: 'Example <no-reply@example.com>', ReplyToEmailAddress: 'help@example.com' },
    SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/cognito-sms', ExternalId: 'ext-1', SnsRegion: 'eu-west-1' },
    UserPoolTags: { team: 'identity', cost: 'cc-42' },
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true, UnusedAccountValidityDays: 2,
      InviteMessageTemplate: { SMSMessage: 'User {username} code {####}', EmailMessage: 'User {username} code {####}', EmailSubject: 'Welcome' } },
    UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT', AdvancedSecurityAdditionalFlows: { CustomAuthMode: 'AUDIT' } },
    DcrConfiguration: { EnableStatus: 'ENABLED', OpenDcrEnabled: false, AuthenticatedGrantTypes: ['authorization_code'],
      OpenDcrGrantTypes: [], AllowedScopes: ['openid', 'email'] },
    AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }, { Name: 'verified_phone_number', Priority: 2 }] },
    UserPoolTier: 'PLUS',
    KeyConfiguration: { KeyType: 'CUSTOMER_MANAGED', KmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abcd' },
    IssuerConfiguration: { Type: 'CUSTOM' },
    AcrConfiguration: { mfa: { AcrValue: 'urn:example:loa:2' } },
    Domain: 'customers-login',
  };
}

class InvalidParameter extends Error {}

/** Starts the fake on a free loopback port; returns { endpoint, pools, calls, close() }. */
async function startFakeCognito(pools = { 'eu-west-1_AbCdEf123': fullyConfiguredPool() }) {
  const calls = [];
  const handlers = {
    DescribeUserPool: ({ UserPoolId }) => ({ UserPool: structuredClone(pool(UserPoolId)) }),
    UpdateUserPool: (request) => {
      const current = pool(request.UserPoolId);
      const unknown = Object.keys(request).filter((k) => !UPDATE_MEMBERS.has(k));
      if (unknown.length) throw new InvalidParameter(`unknown parameters: ${unknown.join(', ')}`);
      if (request.AdminCreateUserConfig?.UnusedAccountValidityDays !== undefined
          && request.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays !== undefined) {
        throw new InvalidParameter('Please use TemporaryPasswordValidityDays in PasswordPolicy instead of UnusedAccountValidityDays');
      }
      const lc = request.LambdaConfig || {};
      if (lc.PreTokenGeneration && lc.PreTokenGenerationConfig && lc.PreTokenGeneration !== lc.PreTokenGenerationConfig.LambdaArn) {
        throw new InvalidParameter('PreTokenGeneration and PreTokenGenerationConfig.LambdaArn must be the same');
      }
      // Every updatable setting becomes what the request says: omitted means reset to the default.
      for (const member of UPDATE_MEMBERS) {
        if (member === 'UserPoolId' || member === 'PoolName') continue;
        if (request[member] === undefined) delete current[member];
        else current[member] = structuredClone(request[member]);
      }
      if (current.LambdaConfig?.PreTokenGenerationConfig) {
        current.LambdaConfig.PreTokenGeneration = current.LambdaConfig.PreTokenGenerationConfig.LambdaArn;
      }
      if (request.PoolName !== undefined) current.Name = request.PoolName;
      if (current.AdminCreateUserConfig && current.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays !== undefined) {
        current.AdminCreateUserConfig.UnusedAccountValidityDays = current.Policies.PasswordPolicy.TemporaryPasswordValidityDays;
      }
      current.LastModifiedDate += 60;
      return {};
    },
  };
  function pool(id) {
    if (!pools[id]) {
      const e = new Error(`User pool ${id} does not exist.`);
      e.type = 'ResourceNotFoundException';
      throw e;
    }
    return pools[id];
  }
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] || '');
      const operation = target.replace('AWSCognitoIdentityProviderService.', '');
      const reply = (status, payload) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(payload));
      };
      try {
        if (!target.startsWith('AWSCognitoIdentityProviderService.') || !handlers[operation]) {
          return reply(400, { __type: 'UnknownOperationException', message: target });
        }
        if (!String(req.headers.authorization || '').startsWith('AWS4-HMAC-SHA256 ')) {
          return reply(400, { __type: 'MissingAuthenticationTokenException', message: 'unsigned request' });
        }
        const request = JSON.parse(body || '{}');
        calls.push({ operation, request });
        reply(200, handlers[operation](request));
      } catch (e) {
        reply(400, { __type: e instanceof InvalidParameter ? 'InvalidParameterException' : (e.type || 'InternalErrorException'), message: e.message });
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    pools,
    calls,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

module.exports = { startFakeCognito, fullyConfiguredPool, UPDATE_MEMBERS };
