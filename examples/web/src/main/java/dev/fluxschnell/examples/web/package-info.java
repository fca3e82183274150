/** The seed's web app rebuilt on the flux-schnell Spring Boot starter (an example; not published). */
package dev.fluxschnell.examples.web;
