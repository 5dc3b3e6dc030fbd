// Package deployments holds how the system is deployed: the multi-stage
// Dockerfile of the image (processor, producers and poison tool), the
// Compose stack that runs everything with one command, and ElasticMQ's
// configuration. It has no code: its tests parse the Dockerfile and the
// Compose file and keep them in step with cmd/, go.mod and .env-template.
package deployments
