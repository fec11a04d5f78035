import type { ProfileCatalogue } from '../errors/sample-catalogue.js';

/**
 * Seed 000 mixes French into an English table ("WhatsApp statuses indisponibles sur le plan
 * actuel", "Placeholder invalid ou template incohérent"). The default messages keep the seed's
 * wording word for word; these tables let the same API answer `Accept-Language: fr` entirely in
 * French and `Accept-Language: en` entirely in English. Aliases without a message of their own
 * (every rejected key is `UNAUTHORIZED` …) inherit their target's translation.
 */
export const MSGFLASH_MESSAGES: Pick<ProfileCatalogue, 'messages'> = {
  messages: {
    en: {
      statuses_not_available: 'WhatsApp statuses unavailable on the current plan',
      template_invalid: 'Invalid placeholder or inconsistent template',
    },
    fr: {
      invalid_api_key: 'Clé API absente, invalide ou révoquée. Vérifiez x-api-key.',
      forbidden: 'Ressource inaccessible avec cette clé',
      subscription_inactive: "Le compte n'a pas d'abonnement utilisable pour cette action",
      rate_limited: 'Plus de 10 requêtes par seconde sur la même clé',
      quota_exceeded: 'Quota mensuel de requêtes API épuisé',
      feature_not_available: 'Fonctionnalité indisponible sur le plan actuel',
      validation_failed: 'Données de requête invalides',
      bad_request: 'Requête invalide',
      not_found: "La ressource n'existe pas ou est hors de votre compte",
      conflict: "Conflit d'unicité",
      internal_error: 'Erreur serveur',
      upstream_timeout: "Délai dépassé chez le fournisseur WhatsApp",
      upstream_unavailable: 'Fournisseur temporairement indisponible',
      max_instances_reached: "Limite d'instances atteinte",
      api_keys_not_available: 'Clés API indisponibles sur le plan actuel',
      max_api_keys_reached: 'Limite de clés API atteinte',
      webhooks_not_available: 'Webhooks indisponibles sur le plan actuel',
      max_webhooks_reached: "Limite d'endpoints webhook atteinte",
      campaigns_not_available: 'Campagnes indisponibles sur le plan actuel',
      statuses_not_available: 'Statuts WhatsApp indisponibles sur le plan actuel',
      max_contact_groups_reached: 'Limite de groupes de contacts atteinte',
      template_invalid: 'Placeholder invalide ou template incohérent',
      template_variables_missing: "Une ou plusieurs variables requises n'ont pas pu être résolues",
      template_context_unavailable: "Le contexte demandé n'est pas disponible (instance ou contact)",
      invalid_destination: 'Numéro de destinataire invalide',
      provider_failed: 'Erreur générique du fournisseur',
      team_key_required: "Clé API personnelle (msgf_live_…) utilisée avec X-Team-Id. Utilisez une clé d'équipe (msgf_team_…) ou retirez l'en-tête.",
      team_key_not_allowed: "Clé API d'équipe utilisée sur une route v1 réservée aux comptes personnels. Utilisez une clé personnelle.",
      workspace_not_found: "X-Team-Id ne désigne pas une équipe dont vous êtes membre (supprimée, quittée ou mauvais ID).",
      workspace_access_denied: "Authentifié, mais votre rôle ne permet pas cette action.",
    },
  },
};
