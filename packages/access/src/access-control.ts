import 'reflect-metadata';
import {
  type AccessDecision,
  type AccessPolicy,
  type AccessRequest,
  ConfigurationError,
} from '@sqh/core/spi';
import { inject, injectable } from 'tsyringe';
import { ACCESS_CONTROL_OPTIONS, ACCESS_POLICIES } from './access-tokens.js';
import { decideModelPolicy } from './decide-model-policy.js';
import { indexPolicies, type ModelPolicy } from './model-policy.js';

export interface AccessControlOptions {
  /** For models without a policy. `deny` unless the host says otherwise. */
  readonly defaultEffect: 'deny' | 'allow';
}

/**
 * The declarative policies as core's AccessPolicy: one ModelPolicy per model,
 * compiled per call to the Filter AST. Core's access gate checks tenant binding,
 * shared reference rules and the scope this returns.
 */
@injectable()
export class AccessControl implements AccessPolicy {
  readonly name = 'sqh-access';
  private readonly byModel: ReadonlyMap<string, ModelPolicy>;

  constructor(
    @inject(ACCESS_POLICIES.name) policies: readonly ModelPolicy[],
    @inject(ACCESS_CONTROL_OPTIONS.name) private readonly options: AccessControlOptions,
  ) {
    this.byModel = indexPolicies(policies);
    if (options.defaultEffect !== 'deny' && options.defaultEffect !== 'allow') {
      throw new ConfigurationError(
        `defaultEffect must be 'deny' or 'allow', not ${JSON.stringify(options.defaultEffect)}.`,
      );
    }
  }

  decide({ model, operation, access }: AccessRequest): AccessDecision {
    const policy = this.byModel.get(model.key);
    if (policy === undefined) {
      return this.options.defaultEffect === 'allow'
        ? { effect: 'allow' }
        : { effect: 'deny', reason: `no access policy is declared for ${model.key}` };
    }
    if (policy.model !== model) {
      throw new ConfigurationError(
        `The access policy for ${model.key} was declared on a different definition of the model; declare it with the model given to createSqh.`,
      );
    }
    return decideModelPolicy(policy, operation, access);
  }
}
