/**
 * {@link dev.fluxschnell.sdk.storage.firebase.FirebaseImageStorage}: images in Firebase Storage (Google Cloud
 * Storage) with Firebase download URLs. API.
 */
package dev.fluxschnell.sdk.storage.firebase;
