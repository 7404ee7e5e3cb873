import type { I18nType } from './type'

/**
 * English messages of the AI tab. Route names are top-level keys (the console's menu translates them); everything
 * else is under `aiDomain`, so the keys merge into the console's en.ts without clashing.
 */
const words: I18nType = {
  aiManagement: 'AI',
  aiModels: 'Models',
  aiModelDetail: 'Model',
  aiTraffic: 'Traffic',
  aiDeployments: 'Deployments',
  aiMonitoring: 'Monitoring',
  aiExperiments: 'Experiments',
  aiControlPlane: 'Control plane',
  aiLogin: 'Log in',
  notFound: 'Not found',
  aiDomain: {
    title: 'Dubbo AI',
    subtitle: 'Model registry, routing and control plane',
    plannedTag: 'planned',
    common: {
      refresh: 'Refresh',
      search: 'Search',
      reset: 'Reset',
      cancel: 'Cancel',
      yes: 'yes',
      no: 'no',
      none: 'none',
      loadMore: 'Load more',
      shown: '{shown} of {total}',
      back: 'Back'
    },
    login: {
      byPassword: 'User name and password',
      byToken: 'API token',
      username: 'User name',
      password: 'Password',
      token: 'Token',
      tokenHint: 'A token starts with dai_; an admin creates one, or the server prints one at its first start.',
      submit: 'Log in',
      usernameRequired: 'Enter your user name',
      passwordRequired: 'Enter your password',
      tokenRequired: 'Enter a token',
      tokenFormat: 'A token is dai_, its id, an underscore and its secret: copy it whole',
      failed: 'Wrong user name or password',
      tokenRejected: 'The server does not accept this token (unknown, revoked or expired)',
      locked: 'Too many failed logins: try again in {seconds} s',
      loggedInAs: 'Logged in as {name} ({role})',
      logout: 'Log out',
      language: 'Language'
    },
    roles: {
      VIEWER: 'viewer',
      OPERATOR: 'operator',
      ADMIN: 'admin'
    },
    models: {
      namePrefix: 'Name starts with',
      alias: 'Has alias',
      tag: 'Tag (key:value)',
      tagFormat: 'Write the tag as key:value, e.g. team:fraud',
      status: 'Has a version',
      anyStatus: 'any status',
      name: 'Name',
      description: 'Description',
      owner: 'Owner',
      aliases: 'Aliases',
      versions: 'Versions',
      tags: 'Tags',
      updated: 'Updated',
      empty: 'No model matches. Register models with POST /api/v1/ai/models or an MLflow client (see docs/registry.md), or clear the filters.',
      emptyAll: 'No model is registered yet. Register one with POST /api/v1/ai/models or an MLflow client (see docs/registry.md).'
    },
    model: {
      overview: 'Overview',
      created: 'Created',
      updated: 'Updated',
      by: '{time} by {who}',
      lastVersion: 'Versions allocated',
      ruleKey: 'Route rule',
      versions: 'Versions',
      version: 'Version',
      status: 'Status',
      statusMessage: 'Status message',
      format: 'Format',
      runtime: 'Runtime',
      stage: 'MLflow stage',
      details: 'Details',
      noVersions: 'No version yet. Register one with POST /api/v1/ai/models/{name}/versions, then upload its artifact.',
      aliases: 'Aliases',
      alias: 'Alias',
      pointsAt: 'Version',
      noAliases: 'No alias yet. An operator can point one (e.g. champion) at a ready version with PUT /api/v1/ai/models/{name}/aliases/{alias}.',
      move: 'Move',
      moveTitle: 'Move alias {alias}',
      moveTo: 'Point {alias} at version',
      moveCurrent: 'now',
      moveNotReady: 'not ready ({status})',
      moveNoTarget: 'No other ready version: register and upload one first.',
      moveConfirmTitle: 'Move {alias} from version {from} to version {to}?',
      moveConfirmBody: 'Calls with alias {alias} go to version {to} as soon as the route rule {rule} reaches the consumers. Calls pinned to a version are not affected.',
      moveConfirm: 'Move the alias',
      moved: '{alias} now points at version {to}; the route rule {rule} says so too.',
      tags: 'Tags',
      noTags: 'No tags',
      notFound: 'No model named {name}.'
    },
    version: {
      title: 'Version {version} of {model}',
      description: 'Description',
      signature: 'Signature',
      inputs: 'Inputs',
      outputs: 'Outputs',
      tensor: 'Tensor',
      datatype: 'Type',
      shape: 'Shape',
      shapeHint: '-1 is a dimension of any size',
      noSignature: 'No signature recorded.',
      metrics: 'Metrics',
      params: 'Parameters',
      noMetrics: 'No metrics recorded.',
      noParams: 'No parameters recorded.',
      lineage: 'Lineage',
      sourceRun: 'Source run',
      trainingJob: 'Training job',
      dataset: 'Data set',
      noLineage: 'No lineage recorded.',
      artifact: 'Artifact',
      artifactUri: 'Location',
      checksum: 'SHA-256',
      noArtifact: 'No artifact yet: upload it with PUT .../versions/{version}/artifact.',
      download: 'Download',
      tags: 'Tags',
      aliases: 'Aliases',
      audit: 'History'
    },
    status: {
      PENDING: 'pending',
      READY: 'ready',
      FAILED: 'failed'
    },
    traffic: {
      model: 'Model',
      chooseModel: 'Choose a model',
      noModels: 'No model is registered yet: there is no route rule to show.',
      rule: 'Route rule {key} in group {group}',
      readOnly: 'Read-only. The registry writes the aliases below into this rule when an alias moves. The rest of the rule (weights per version, GPU constraints, sticky key, fallback) has no API yet; reading and editing the whole rule, validated by the server, is planned.',
      aliasesPart: 'Aliases in the rule',
      yaml: 'YAML (the part the registry writes)',
      noAliases: 'This model has no alias, so the registry has written nothing into its rule.',
      openModel: 'Open the model to move an alias'
    },
    controlPlane: {
      node: 'This node',
      mode: 'Deploy mode',
      leader: 'Leader',
      thisNodeLeads: 'this node',
      leaderUnknown: 'unknown',
      lastError: 'Last error',
      noError: 'none',
      components: 'Components',
      component: 'Component',
      state: 'State',
      since: 'Since',
      leaderOnly: 'Leader only',
      failures: 'Failed starts',
      nextRetry: 'Next retry',
      noComponents: 'No component runs on this node.',
      states: {
        STOPPED: 'stopped',
        STARTING: 'starting',
        RUNNING: 'running',
        STOPPING: 'stopping',
        FAILED: 'failed'
      }
    },
    audit: {
      title: 'Audit log',
      seq: '#',
      time: 'Time',
      actor: 'Who',
      action: 'Action',
      target: 'Target',
      status: 'Result',
      before: 'Before',
      after: 'After',
      empty: 'No change has been recorded yet.',
      operatorsOnly: 'The audit log is shown to operators and admins.'
    },
    planned: {
      title: '{page}: planned',
      body: 'This page needs the {api} API, which the server does not offer yet. It will show real data once that module lands; nothing is shown until then.'
    },
    errors: {
      network: 'The server could not be reached; check that dubbo-ai-server is running.',
      timeout: 'The server did not answer in time.',
      forbidden: 'Your role does not allow this.',
      sessionEnded: 'Your session ended; log in again.',
      status: 'The server answered {status}.'
    },
    notFound: {
      title: 'No page here',
      back: 'Go to the models'
    }
  }
}

export default words
